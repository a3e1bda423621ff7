using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>Updates the record "id" of "model" with "values"; the updated record is the output.</summary>
public sealed class UpdateRecordActivity(IRecordGateway records) : IActivity
{
    public string Type => "updateRecord";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool WritesData => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var model = RecordActivityCaller.RequiredString(context, "model");
        var id = RecordActivityCaller.RequiredString(context, "id");
        var values = context.Property("values") as JsonObject ?? throw new ActivityFailedException("'values' must be an object of field → value.");
        var updated = await records.UpdateAsync(context.Scope, context.App, model, id, values, RecordActivityCaller.Of(context), context.Cancellation);
        context.State.Outputs[context.Activity.Id] = updated.DeepClone();
        context.Note($"updated {model} {id}: {string.Join(", ", values.Select(p => p.Key))}");
        return ActivityResult.Outcome("Done");
    }
}
