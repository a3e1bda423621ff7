using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>Deletes the record "id" of "model".</summary>
public sealed class DeleteRecordActivity(IRecordGateway records) : IActivity
{
    public string Type => "deleteRecord";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool WritesData => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var model = RecordActivityCaller.RequiredString(context, "model");
        var id = RecordActivityCaller.RequiredString(context, "id");
        await records.DeleteAsync(context.Scope, context.App, model, id, RecordActivityCaller.Of(context), context.Cancellation);
        context.Note($"deleted {model} {id}");
        return ActivityResult.Outcome("Done");
    }
}
