using System.Text.Json.Nodes;
using Platform.Runtime.Tasks;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// A human task: "title", "assignees" (approver definitions, as for approvals; any one of them completes it),
/// optional "record" {model, id}, "sla", "escalateTo", "variable". Waits until an assignee completes it
/// (POST /api/tasks/{id}/complete {"action": "complete"}); outcome Done, outputs.&lt;id&gt; = {by, comment, files}.
/// Outcome Withdrawn when the task was withdrawn from everyone because its record was released to nobody
/// (<see cref="TasksFollowOwner"/>); left unconnected, the branch simply ends.
/// </summary>
public sealed class HumanTaskActivity(TaskSteps steps) : IActivity
{
    public string Type => "task";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done", "Withdrawn"];
    public bool Waits => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var resolved = await steps.ResolveAsync(context, context.Property("assignees"), sequential: false);
        var (model, recordId) = ApprovalActivity.Record(context);
        var title = context.PropertyString("title") ?? context.Activity.Name ?? context.Activity.Id;
        var taskId = await steps.OpenAsync(context, new StepToOpen("task", title, "any", 1, 1, null, resolved[0].Users, model, recordId));
        context.State.Outputs[context.Activity.Id] = new JsonObject { ["status"] = "pending", ["taskId"] = taskId };
        return ActivityResult.Suspend();
    }

    public async Task<ActivityResult> ResumeAsync(ActivityContext context, JsonNode? input)
    {
        var state = context.State.Outputs[context.Activity.Id] as JsonObject ?? throw new ActivityFailedException("The task lost its state.");
        if (input is not JsonObject done)
        {
            await steps.OnSlaAsync(context, state["taskId"]!.ToString());
            return ActivityResult.Suspend();
        }
        await steps.ClearSlaAsync(context);
        var withdrawn = done["outcome"]?.ToString() == "withdrawn";
        var output = new JsonObject
        {
            ["status"] = withdrawn ? "withdrawn" : "done", ["taskId"] = state["taskId"]?.DeepClone(), ["by"] = done["by"]?.DeepClone(), ["comment"] = done["comment"]?.DeepClone(), ["files"] = done["files"]?.DeepClone(),
        };
        context.State.Outputs[context.Activity.Id] = output;
        if (context.PropertyString("variable") is { Length: > 0 } variable) context.State.Vars[variable] = output.DeepClone();
        context.Note($"{(withdrawn ? "withdrawn" : "done")} by {done["byName"] ?? done["by"]}{(done["comment"] is { } c ? $": {c}" : "")}");
        return ActivityResult.Outcome(withdrawn ? "Withdrawn" : "Done");
    }

    public void Validate(ActivityDefinition activity, Action<string> error)
    {
        if (activity.Properties["assignees"] is null) error($"Activity '{activity.Id}' needs 'assignees' (approver definitions).");
    }
}
