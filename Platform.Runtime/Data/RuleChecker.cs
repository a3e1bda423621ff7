using System.Text.Json.Nodes;
using Platform.Runtime.Expressions;
using Platform.Runtime.Models;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// Checks a model's validation rules against a write before anything is stored. Every failing rule
/// adds its message under its field (or <c>_rules</c>); a rule that cannot be evaluated (it throws)
/// counts as failing, with the reason after the message.
/// </summary>
public sealed class RuleChecker(IExpressionEvaluator evaluator)
{
    /// <param name="record">The record's values after the change (JSON as the API returns it).</param>
    /// <param name="before">The record before an update; null on create.</param>
    public void Check(CompiledModel m, JsonObject record, JsonObject? before, Caller caller, Dictionary<string, string[]> errors, string prefix = "", DateTimeOffset? now = null)
    {
        var rules = m.Definition.Rules;
        if (rules.Count == 0) return;
        var changed = new List<object?>();
        foreach (var (key, value) in record)
            if (before is null ? value is not null : !JsonNode.DeepEquals(value, before[key])) changed.Add(key);
        var variables = new Dictionary<string, object?>
        {
            ["record"] = RecordVariables.Plain(record),
            ["before"] = RecordVariables.Plain(before),
            ["user"] = new Dictionary<string, object?>
            {
                ["id"] = caller.UserId, ["userName"] = caller.UserName, ["departmentId"] = caller.DepartmentId,
                ["roles"] = RolesIn(m.App, caller), ["isAdmin"] = caller.IsAdmin,
            },
            ["isSystem"] = caller.IsSystem,
            ["__changed"] = changed,
        };
        foreach (var rule in rules)
        {
            string? failure = null;
            try
            {
                if (rule.When is { } when && !Holds(when, variables, now)) continue;
                if (!Holds(rule.Assert, variables, now)) failure = rule.Message;
            }
            catch (ExpressionException e)
            {
                failure = $"{rule.Message} (rule '{rule.Key}' could not be checked: {e.Message})";
            }
            if (failure is null) continue;
            var key = prefix + (rule.Field ?? ValidationRule.RecordKey);
            errors[key] = errors.TryGetValue(key, out var list) ? [.. list, failure] : [failure];
        }
    }

    /// <summary>The caller's roles in this app by their short key ("manager"), and "admin" for administrators: rules survive an app copy.</summary>
    public static List<object?> RolesIn(string app, Caller caller)
    {
        var prefix = app + "/";
        return caller.Roles.Where(r => r == "admin" || r.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => (object?)(r == "admin" ? r : r[prefix.Length..])).ToList();
    }

    private bool Holds(string expression, Dictionary<string, object?> variables, DateTimeOffset? now) =>
        evaluator.Evaluate(ValidationRule.Runnable(expression), variables, now) is true;

    /// <summary>A record about to be created, as rules see it (fields not given are null, rollups 0 or null).</summary>
    public static JsonObject NewRecord(CompiledModel m, string id, PreparedWrite p, Caller caller)
    {
        var o = new JsonObject
        {
            ["id"] = id,
            ["owner"] = (string?)(p.System.TryGetValue("owner", out var owner) ? owner : caller.IsSystem ? null : caller.UserId),
            ["department"] = (string?)(p.System.TryGetValue("department", out var dep) ? dep : caller.DepartmentId),
        };
        foreach (var f in m.ActiveFields.Values)
        {
            if (f.Relation?.Kind == "oneToMany") continue;
            o[f.Key] = f.Rollup is { } r ? (r.Op is "count" or "sum" ? 0 : null)
                : p.Values.TryGetValue(f.Key, out var v) ? RecordReader.StoredToJson(f, v)
                : f.Type == "subTable" || f.Relation?.Kind == "manyToMany" ? new JsonArray() : null;
        }
        return o;
    }

    /// <summary>A record after an update, as rules see it: the stored record with the change applied.</summary>
    public static JsonObject UpdatedRecord(CompiledModel m, JsonObject before, PreparedWrite p)
    {
        var o = (JsonObject)before.DeepClone();
        foreach (var (key, value) in p.System) o[key] = (string?)value;
        foreach (var (key, value) in p.Values)
            if (m.Field(key) is { } f) o[key] = RecordReader.StoredToJson(f, value);
        return o;
    }
}
