using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Reads records of "model" matching "filter" (docs/filters.md, values may be expressions), "sort",
/// at most "limit" (default 100, at most 1000). The list is the output and, with "variable", that
/// variable; a for-each over {"expr": "outputs.<id>"} loops over it.
/// </summary>
public sealed class QueryRecordsActivity(IRecordGateway records) : IActivity
{
    public string Type => "queryRecords";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var model = RecordActivityCaller.RequiredString(context, "model");
        var limit = context.Property("limit") is JsonValue l && l.TryGetValue<int>(out var n) ? Math.Clamp(n, 1, 1000) : 100;
        var found = await records.QueryAsync(context.Scope, context.App, model, context.Property("filter"), context.Property("sort") as JsonArray,
            limit, RecordActivityCaller.Of(context), context.Cancellation);
        var list = new JsonArray([.. found.Select(r => (JsonNode)r.DeepClone())]);
        context.State.Outputs[context.Activity.Id] = list;
        if (context.PropertyString("variable") is { Length: > 0 } v) context.State.Vars[v] = list.DeepClone();
        context.Note($"{found.Count} {model} records");
        return ActivityResult.Outcome("Done");
    }
}
