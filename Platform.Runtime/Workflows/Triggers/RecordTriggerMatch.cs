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
    public static IReadOnlyList<string> Changed(RecordChange change) => Changed(change.Before, change.After);

    private static List<string> Changed(JsonObject? before, JsonObject? after)
    {
        var keys = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []);
        return keys.Where(k => !RecordFilter.EqualValues(before?[k], after?[k])).ToList();
    }

    private const string AuditKey = "auditId";

    /// <summary>
    /// The input of a start queued inside the change's own transaction. When the change's audit row is written
    /// (<see cref="RecordChange.AuditId"/>) it names that row instead of copying the values into the queue: the row
    /// holds the same values, committed with the start, and <see cref="ExpandAsync"/> reads them back when the
    /// instance starts. A create then writes and serializes its record once, not twice.
    /// </summary>
    public static JsonObject StartInput(string kind, RecordChange change) => change.AuditId is null ? Input(kind, change) : new()
    {
        ["kind"] = kind,
        ["app"] = change.App,
        ["model"] = change.Model,
        ["recordId"] = change.RecordId,
        [AuditKey] = change.AuditId,
        ["caller"] = new JsonObject { ["id"] = change.Caller.UserId, ["userName"] = change.Caller.UserName },
        ["at"] = change.At.ToString("O"),
    };

    /// <summary>
    /// The trigger input an instance starts with: a copy of the queued one, where a start that names its audit row
    /// (<see cref="StartInput"/>) gets that row's record, before and changed in the entry's place, as <see cref="Input"/> has them.
    /// </summary>
    public static async Task<JsonObject> ExpandAsync(WriteScope scope, ISqlDialect d, JsonObject? queued, CancellationToken ct)
    {
        if (queued?[AuditKey] is not JsonValue id) return (JsonObject)(queued?.DeepClone() ?? new JsonObject());
        var (before, after) = await AuditLog.ReadValuesAsync(scope, d, id.GetValue<string>(), ct)
            ?? throw new InvalidOperationException($"The history entry {id} of the change that started this workflow is gone, so its record values are unknown.");
        var input = new JsonObject();
        foreach (var (key, value) in queued)
        {
            if (key != AuditKey) { input[key] = value?.DeepClone(); continue; }
            input["record"] = after ?? before?.DeepClone();
            input["before"] = before;
            input["changed"] = new JsonArray([.. Changed(before, after).Select(f => JsonValue.Create(f))]);
        }
        return input;
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
