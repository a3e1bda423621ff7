using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Persistence;
using Platform.Runtime.Workflows.Triggers;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>Starts instances on request: the manual button and the inbound webhook.</summary>
public sealed class WorkflowStarter(Database db, WorkflowCatalog catalog, WorkQueue queue, IExpressionEvaluator evaluator, TimeProvider clock, WorkSignal signal)
{
    /// <summary>Queues a start of the published workflow; returns the id the instance will have.</summary>
    public async Task<string> StartAsync(string app, string key, string expectedTrigger, JsonObject trigger, JsonObject? inputs, Caller? caller, CancellationToken ct = default)
    {
        var workflow = await catalog.FindAsync(app, key, ct) ?? throw new NotFoundException($"Workflow '{key}' of app '{app}' is not published.");
        if (workflow.Definition.TriggerType != expectedTrigger)
            throw ValidationFailedException.For("workflow", $"Workflow '{key}' is started by '{workflow.Definition.TriggerType}', not by '{expectedTrigger}'.");
        if (caller is not null) trigger["caller"] = new JsonObject { ["id"] = caller.UserId, ["userName"] = caller.UserName };
        trigger["kind"] = expectedTrigger;
        await using var scope = await db.BeginWriteAsync(ct);
        var context = new TriggerContext(scope, queue, evaluator, clock.GetUtcNow(), ct);
        var id = await context.EnqueueStartAsync(workflow, trigger, inputs, trigger["recordId"]?.GetValue<string>());
        scope.AfterCommit(signal.Notify);
        await scope.CommitAsync(ct);
        return id;
    }

    public async Task<PublishedWorkflow?> FindAsync(string app, string key, CancellationToken ct = default) => await catalog.FindAsync(app, key, ct);
}
