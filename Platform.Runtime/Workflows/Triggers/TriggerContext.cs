using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>What a trigger may do inside the transaction it is called in: queue starts and arm its timers.</summary>
public sealed class TriggerContext(WriteScope scope, WorkQueue queue, IExpressionEvaluator evaluator, DateTimeOffset now, CancellationToken ct)
{
    public WriteScope Scope { get; } = scope;
    public IExpressionEvaluator Evaluator { get; } = evaluator;
    public DateTimeOffset Now { get; } = now;
    public CancellationToken Cancellation { get; } = ct;
    /// <summary>Work due now was queued: the local worker should be woken after commit.</summary>
    public bool WakeWorker { get; private set; }

    /// <summary>Queues the start of an instance on the published version; returns the new instance's id.</summary>
    public async Task<string> EnqueueStartAsync(PublishedWorkflow workflow, JsonObject trigger, JsonObject? inputs = null, string? correlation = null)
    {
        var instanceId = Guid.CreateVersion7().ToString();
        if (WorkflowOrigin.Current is { } origin)
        {
            // Started by another instance's write: remember the chain, and stop chains that keep going.
            if (origin.Depth + 1 > WorkflowOrigin.MaxDepth)
                throw new ActivityFailedException($"Workflow '{workflow.Key}' would start at depth {origin.Depth + 1} of a chain of workflows starting each other " +
                                                  $"(at most {WorkflowOrigin.MaxDepth}); check the triggers of the workflows in this chain.");
            trigger["origin"] = new JsonObject { ["workflow"] = origin.WorkflowKey, ["instanceId"] = origin.InstanceId, ["depth"] = origin.Depth + 1 };
            origin.Notes.Add($"started '{workflow.Key}' ({instanceId})");
        }
        // Written inside the record's transaction: only what the worker cannot know otherwise. The instance id is the
        // row's instance_id; empty inputs and a correlation equal to the trigger's record id are left out (the engine defaults them).
        var payload = new JsonObject { ["version"] = workflow.Version, ["trigger"] = trigger };
        if (inputs is { Count: > 0 }) payload["inputs"] = inputs;
        if (correlation is not null && correlation != trigger["recordId"]?.GetValue<string>()) payload["correlation"] = correlation;
        await queue.EnqueueAsync(Scope, WorkKind.Start, workflow.App, workflow.Key, instanceId, payload, Now, "start:" + instanceId, Cancellation);
        WakeWorker = true;
        return instanceId;
    }

    /// <summary>Arms (or re-arms) a timer of this trigger under a stable key: an earlier unclaimed timer with that key is replaced.</summary>
    public async Task ArmTimerAsync(PublishedWorkflow workflow, string key, DateTimeOffset dueAt, JsonObject payload)
    {
        await queue.DeleteByKeyAsync(Scope, key, Cancellation);
        payload["trigger"] = workflow.Definition.TriggerType;
        payload["version"] = workflow.Version;
        await queue.EnqueueAsync(Scope, WorkKind.Timer, workflow.App, workflow.Key, null, payload, dueAt, key, Cancellation);
        if (dueAt <= Now) WakeWorker = true;
    }

    public Task DisarmAsync(string key) => queue.DeleteByKeyAsync(Scope, key, Cancellation);

    public Task DisarmPrefixAsync(string prefix) => queue.DeleteByKeyPrefixAsync(Scope, prefix, Cancellation);
}
