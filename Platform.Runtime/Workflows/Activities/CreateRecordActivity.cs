using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>Creates a record of "model" with "values" (literals or expressions); the new record is the output and, with "variable", that variable.</summary>
public sealed class CreateRecordActivity(IRecordGateway records) : IActivity
{
    public string Type => "createRecord";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool WritesData => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var model = RecordActivityCaller.RequiredString(context, "model");
        var values = context.Property("values") as JsonObject ?? throw new ActivityFailedException("'values' must be an object of field → value.");
        var created = await records.CreateAsync(context.Scope, context.App, model, values, RecordActivityCaller.Of(context), context.Cancellation);
        context.State.Outputs[context.Activity.Id] = created.DeepClone();
        if (context.PropertyString("variable") is { Length: > 0 } v) context.State.Vars[v] = created.DeepClone();
        context.Note($"created {model} {created["id"]}");
        return ActivityResult.Outcome("Done");
    }
}
