using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// What every record trigger shares: the model it watches, an optional "filter" (JSON, against the
/// record after the change, or before it for a delete) and an optional "condition" (JavaScript with
/// record, before and changed in scope); and the trigger input an instance starts with.
/// </summary>
public static class RecordTriggerMatch
{
    public static bool Matches(JsonObject trigger, RecordChange change, IExpressionEvaluator evaluator)
    {
        if (trigger["model"]?.GetValue<string>() != change.Model) return false;
        var subject = change.Kind == RecordChangeKind.Deleted ? change.Before : change.After;
        if (!RecordFilter.Matches(trigger["filter"], subject)) return false;
        if (ActivityContext.ExpressionText(trigger["condition"]) is { Length: > 0 } condition)
        {
            var scope = new Dictionary<string, object?>
            {
                ["record"] = PlainJson.ToPlain(subject),
                ["before"] = PlainJson.ToPlain(change.Before),
                ["changed"] = Changed(change).Cast<object?>().ToList(),
            };
            try { return PlainJson.IsTruthy(evaluator.Evaluate(condition, scope, change.At)); }
            catch (ExpressionException) { return false; } // a condition that throws does not start anything (the write itself goes on)
        }
        return true;
    }

    /// <summary>Fields whose value differs between before and after.</summary>
    public static IReadOnlyList<string> Changed(RecordChange change)
    {
        var keys = (change.Before?.Select(p => p.Key) ?? []).Union(change.After?.Select(p => p.Key) ?? []);
        return keys.Where(k => !RecordFilter.EqualValues(change.Before?[k], change.After?[k])).ToList();
    }

    public static JsonObject Input(string kind, RecordChange change) => new()
    {
        ["kind"] = kind,
        ["app"] = change.App,
        ["model"] = change.Model,
        ["recordId"] = change.RecordId,
        ["record"] = (change.Kind == RecordChangeKind.Deleted ? change.Before : change.After)?.DeepClone(),
        ["before"] = change.Before?.DeepClone(),
        ["changed"] = new JsonArray([.. Changed(change).Select(f => JsonValue.Create(f))]),
        ["caller"] = new JsonObject { ["id"] = change.Caller.UserId, ["userName"] = change.Caller.UserName },
        ["at"] = change.At.ToString("O"),
    };

    public static void ValidateModel(JsonObject trigger, IDictionary<string, string[]> errors)
    {
        if (trigger["model"] is not JsonValue m || !m.TryGetValue<string>(out var model) || model.Length == 0)
            errors["trigger.model"] = ["A record trigger needs the 'model' it watches."];
        var problems = RecordFilter.Problems(trigger["filter"]).ToList();
        if (problems.Count > 0) errors["trigger.filter"] = [.. problems];
        if (ActivityContext.ExpressionText(trigger["condition"]) is { } condition && Definitions.ScriptSyntax.Check(condition) is { } problem)
            errors["trigger.condition"] = [$"The trigger condition does not parse: {problem}"];
    }
}
