using System.Text.Json.Nodes;
using Platform.Runtime.Decisions;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Decides with a decision table: "table" is the key of a table in the app's "decisionTables" section or an
/// inline table; "inputs" maps the table's input keys to values or expressions. The outputs go to
/// outputs.&lt;id&gt; (and "variable" if given); the journal names the matched rows and which cells matched.
/// Outcomes Matched / NoMatch; a unique table with several matching rows becomes an incident.
/// </summary>
public sealed class DecisionTableActivity(DecisionTableEvaluator evaluator, AppDecisionTables tables) : IActivity
{
    public string Type => "decisionTable";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Matched", "NoMatch"];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var table = context.Activity.Properties["table"] switch
        {
            JsonObject inline => DecisionTable.Parse(inline),
            JsonValue v when v.TryGetValue<string>(out var key) && key.Length > 0 => await Find(context, key),
            _ => throw new ActivityFailedException("'table' must be the key of a decision table of the app or an inline table."),
        };
        var inputs = context.Property("inputs") as JsonObject ?? new JsonObject();
        DecisionResult result;
        try { result = evaluator.Evaluate(table, inputs); }
        catch (DecisionTableException e) { throw new ActivityFailedException(e.Message); }
        var output = result.Outputs?.DeepClone();
        context.State.Outputs[context.Activity.Id] = output;
        if (context.PropertyString("variable") is { Length: > 0 } variable) context.State.Vars[variable] = output?.DeepClone();
        context.Note($"table '{table.Key}' ({table.HitPolicy}) {result.Explain()}{(result.Matched ? " → " + PlainJson.Describe(result.Outputs) : "")}");
        return ActivityResult.Outcome(result.Matched ? "Matched" : "NoMatch");
    }

    private async Task<DecisionTable> Find(ActivityContext context, string key)
    {
        try { return await tables.GetAsync(context.Scope, context.App, key, context.Cancellation); }
        catch (NotFoundException e) { throw new ActivityFailedException(e.Message); }
    }

    /// <summary>The key of the app's table this step uses; null for an inline table.</summary>
    public static string? TableKey(ActivityDefinition activity) =>
        activity.Type == "decisionTable" && activity.Properties["table"] is JsonValue v && v.TryGetValue<string>(out var key) && key.Length > 0 ? key : null;

    /// <summary>An inline table is checked at publish, examples included (a key is checked against the app's tables by the validator).</summary>
    public void Validate(ActivityDefinition activity, Action<string> error)
    {
        if (activity.Properties["table"] is JsonObject inline)
        {
            try
            {
                var table = DecisionTable.Parse(inline);
                evaluator.RequireExamplesHold(table);
            }
            catch (ValidationFailedException e) { foreach (var m in e.Errors.Values.SelectMany(x => x)) error(m); }
        }
        else if (activity.Properties["table"] is not JsonValue) error($"Activity '{activity.Id}' needs 'table': a decision table key or an inline table.");
    }
}
