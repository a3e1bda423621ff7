using System.Text.Json.Nodes;
using Platform.Runtime.Tasks;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Closes the open human tasks about a record because the work they ask for was done another way (e.g. a
/// follow-up was logged for the lead whose first-touch task is open): "record" {model, id} (default: the
/// triggering record), optional "workflow" and "activity" (only tasks opened there), "comment". Each task is
/// completed as done by the system and its waiting workflow resumes with outcome Done. Approvals are never
/// closed this way. Outcome Done; outputs.&lt;id&gt; = {count, taskIds}.
/// </summary>
public sealed class CompleteTasksActivity(TaskStore tasks) : IActivity
{
    public string Type => "completeTasks";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool WritesData => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (model, recordId) = ApprovalActivity.Record(context);
        if (model is null || recordId is null) throw new ActivityFailedException("'record' {model, id} is needed: the record whose tasks to close.");
        var ids = await tasks.CompleteOpenOfRecordAsync(context.Scope, context.App, model, recordId, context.PropertyString("workflow"), context.PropertyString("activity"),
            context.PropertyString("comment"), context.Now, context.Cancellation);
        context.State.Outputs[context.Activity.Id] = new JsonObject
        {
            ["count"] = ids.Count, ["taskIds"] = new JsonArray(ids.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
        };
        context.Note(ids.Count == 0 ? $"no open task about {model} {recordId}" : $"closed {ids.Count} task(s) about {model} {recordId}");
        return ActivityResult.Outcome("Done");
    }

    public void Validate(ActivityDefinition activity, Action<string> error)
    {
        if (activity.Properties["record"] is JsonValue) error($"Activity '{activity.Id}': 'record' must be {{\"model\": …, \"id\": …}}.");
    }
}
