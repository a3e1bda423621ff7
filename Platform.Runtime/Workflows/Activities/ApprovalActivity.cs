using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Tasks;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// An approval (docs/workflows.md): "approvers" [{kind: user|role|departmentHead|field|expression, value, levels}],
/// "mode" single (the first approver) | sequential (one step per approver / head level) | all (countersign) |
/// any (or-sign), "record" {model, id} (default: the triggering record) locked against user edits while pending ("lockRecord", default true),
/// "sla" per step ("8h", "2d": working days) with a reminder and "escalateTo" (head | role:&lt;key&gt; | a user), "title".
/// Waits for the task actions (POST /api/tasks/{id}/complete); outcomes Approved, Rejected, Returned (back to the submitter).
/// outputs.&lt;id&gt; = {status, step, by, comment, files, history}.
/// </summary>
public sealed class ApprovalActivity(TaskSteps steps, TaskStore tasks, ISqlDialect dialect) : IActivity
{
    public static readonly string[] Modes = ["single", "sequential", "all", "any"];
    public string Type => "approval";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Approved", "Rejected", "Returned"];
    public bool Waits => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var mode = context.PropertyString("mode") ?? "single";
        if (!Modes.Contains(mode)) throw new ActivityFailedException($"'mode' must be one of {string.Join(", ", Modes)}, not '{mode}'.");
        var resolved = await steps.ResolveAsync(context, context.Property("approvers"), mode == "sequential");
        if (mode == "single") resolved = [(resolved[0].Name, [resolved[0].Users[0]])];
        var (model, recordId) = Record(context);
        var lockRecord = context.Property("lockRecord") is not JsonValue lv || !lv.TryGetValue<bool>(out var lockIt) || lockIt;
        if (model is not null && recordId is not null && lockRecord)
        {
            try { await RecordLocks.LockAsync(context.Scope, dialect, context.App, model, recordId, context.InstanceId, Title(context), context.Now, context.Cancellation); }
            catch (ConflictException e) { throw new ActivityFailedException(e.Message); }
            context.Note($"{model} {recordId} locked");
        }
        var state = new JsonObject
        {
            ["status"] = "pending", ["mode"] = mode, ["step"] = 1, ["model"] = model, ["recordId"] = recordId, ["history"] = new JsonArray(),
            ["steps"] = new JsonArray(resolved.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["users"] = new JsonArray(s.Users.Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()) }).ToArray()),
        };
        context.State.Outputs[context.Activity.Id] = state;
        await OpenAsync(context, state, 1);
        return ActivityResult.Suspend();
    }

    public async Task<ActivityResult> ResumeAsync(ActivityContext context, JsonNode? input)
    {
        var state = context.State.Outputs[context.Activity.Id] as JsonObject ?? throw new ActivityFailedException("The approval lost its state.");
        if (input is not JsonObject decision)
        {
            // The SLA timer of the current step fired; the task itself still waits.
            await steps.OnSlaAsync(context, state["taskId"]!.ToString());
            return ActivityResult.Suspend();
        }
        await steps.ClearSlaAsync(context);
        var step = state["step"]!.GetValue<int>();
        var count = ((JsonArray)state["steps"]!).Count;
        var outcome = decision["outcome"]?.ToString();
        ((JsonArray)state["history"]!).Add(new JsonObject
        {
            ["step"] = step, ["outcome"] = outcome, ["by"] = decision["by"]?.DeepClone(), ["comment"] = decision["comment"]?.DeepClone(), ["files"] = decision["files"]?.DeepClone(),
        });
        context.Note($"step {step}/{count} {outcome} by {decision["byName"] ?? decision["by"]}{(decision["comment"] is { } c ? $": {c}" : "")}");
        switch (outcome)
        {
            case "approved" when step < count:
                await OpenAsync(context, state, step + 1);
                return ActivityResult.Suspend();
            case "returned" when decision["returnTo"] is JsonValue r && r.GetValue<int>() >= 1:
                await OpenAsync(context, state, r.GetValue<int>());
                return ActivityResult.Suspend();
            case "approved": return await FinishAsync(context, state, decision, "approved", "Approved");
            case "rejected": return await FinishAsync(context, state, decision, "rejected", "Rejected");
            default: return await FinishAsync(context, state, decision, "returned", "Returned");
        }
    }

    private async Task OpenAsync(ActivityContext context, JsonObject state, int step)
    {
        var list = (JsonArray)state["steps"]!;
        var s = list[step - 1]!;
        state["step"] = step;
        state["taskId"] = await steps.OpenAsync(context, new StepToOpen("approval", Title(context), state["mode"]!.ToString(), step, list.Count,
            s["name"]?.ToString(), s["users"]!.AsArray().Select(u => u!.ToString()).ToList(), state["model"]?.ToString(), state["recordId"]?.ToString()));
    }

    private async Task<ActivityResult> FinishAsync(ActivityContext context, JsonObject state, JsonObject decision, string status, string outcome)
    {
        await tasks.CancelOpenAsync(context.Scope, context.InstanceId, context.Activity.Id, context.Now, context.Cancellation);
        if (state["model"]?.ToString() is { } model && state["recordId"]?.ToString() is { } id)
            await RecordLocks.UnlockAsync(context.Scope, dialect, context.App, model, id, context.InstanceId, context.Cancellation);
        state["status"] = status;
        state["by"] = decision["by"]?.DeepClone();
        state["comment"] = decision["comment"]?.DeepClone();
        state["files"] = decision["files"]?.DeepClone();
        if (context.PropertyString("variable") is { Length: > 0 } variable) context.State.Vars[variable] = state.DeepClone();
        return ActivityResult.Outcome(outcome);
    }

    private static string Title(ActivityContext context) => context.PropertyString("title") ?? context.Activity.Name ?? context.Activity.Id;

    internal static (string? Model, string? Id) Record(ActivityContext context) => context.Property("record") switch
    {
        // Without "record", the record that started the workflow (if any) is the one under approval.
        null => (context.State.Trigger?["model"]?.ToString(), context.State.Trigger?["recordId"]?.ToString()) is ({ } m, { } id) ? (m, id) : (null, null),
        JsonObject o when o["model"]?.ToString() is { Length: > 0 } m && o["id"]?.ToString() is { Length: > 0 } id => (m, id),
        _ => throw new ActivityFailedException("'record' must be {\"model\": …, \"id\": …}."),
    };

    public void Validate(ActivityDefinition activity, Action<string> error)
    {
        if (activity.Properties["mode"] is JsonValue m && m.TryGetValue<string>(out var mode) && !Modes.Contains(mode))
            error($"Activity '{activity.Id}': mode must be one of {string.Join(", ", Modes)}, not '{mode}'.");
        if (activity.Properties["approvers"] is JsonArray list)
            foreach (var a in list)
                if (a?["kind"]?.ToString() is not { } kind || !ApproverSpec.Kinds.Contains(kind))
                    error($"Activity '{activity.Id}': each approver needs kind {string.Join(" | ", ApproverSpec.Kinds)}.");
        if (activity.Properties["approvers"] is null) error($"Activity '{activity.Id}' needs 'approvers'.");
    }
}
