using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Runtime.Expressions;

namespace Platform.Runtime.Models;

/// <summary>
/// A validation rule of a model (<c>"rules"</c> in the model JSON): JavaScript that must be true for a
/// create or update to pass, the message shown when it is not, the field the message belongs to
/// (or the whole record, <c>_rules</c>), and an optional <c>when</c> limiting when it is checked.
/// </summary>
public sealed partial record ValidationRule(string Key, string Assert, string Message, string? MessageEn, string? Field, string? When)
{
    /// <summary>Names in scope of <see cref="Assert"/> and <see cref="When"/>.</summary>
    public static readonly IReadOnlyList<string> Variables = ["record", "before", "user", "isSystem", "changed"];

    /// <summary>Names the server passes to <see cref="Runnable"/> sources (<c>changed</c> is built from <c>__changed</c>).</summary>
    public static readonly IReadOnlyList<string> RunVariables = ["record", "before", "user", "isSystem", "__changed"];

    /// <summary>
    /// The source the server runs: the rule's expression with <c>changed(f)</c> in scope, its value
    /// read as JavaScript truthiness (so <c>record.items.length</c> passes when not 0).
    /// </summary>
    public static string Runnable(string expression) =>
        $"((changed) => !!(\n{expression.Trim().TrimEnd(';')}\n))((f) => __changed.includes(f))";

    /// <summary>Why an assert or when expression cannot be used, or null.</summary>
    public static string? Problem(string? expression)
    {
        if (ExpressionSyntax.Problem(expression, Variables) is { } bad) return bad;
        return ExpressionSyntax.Problem(Runnable(expression!), RunVariables) is null ? null
            : "A rule is one JavaScript expression (no statements or 'return').";
    }

    /// <summary>The error key of a failing rule without a field.</summary>
    public const string RecordKey = "_rules";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex KeyPattern();

    /// <summary>Reads the "rules" list; reports problems (bad JavaScript names the rule) through <paramref name="error"/>.</summary>
    public static IReadOnlyList<ValidationRule> ParseAll(JsonNode? node, string path, IReadOnlyCollection<string> fieldKeys, Action<string, string> error)
    {
        if (node is null) return [];
        if (node is not JsonArray array)
        {
            error(path, "'rules' must be a list.");
            return [];
        }
        var result = new List<ValidationRule>();
        var keys = new HashSet<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (array[i] is not JsonObject o) { error(at, "A rule must be an object."); continue; }
            string? Str(string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var key = Str("key");
            if (key is null || !KeyPattern().IsMatch(key)) { error(at + ".key", "A rule needs a 'key' of 1–64 letters, digits, '-' or '_'."); continue; }
            at += $"({key})";
            if (!keys.Add(key)) error(at + ".key", $"Rule key '{key}' is used twice.");
            var assert = Str("assert");
            if (Problem(assert) is { } bad) error(at + ".assert", $"Rule '{key}': {bad}");
            var when = Str("when");
            if (o["when"] is not null && Problem(when) is { } badWhen) error(at + ".when", $"Rule '{key}': {badWhen}");
            var message = Str("message");
            if (string.IsNullOrWhiteSpace(message)) error(at + ".message", $"Rule '{key}' needs a 'message' for the people whose change it refuses.");
            var field = Str("field");
            if (o["field"] is not null && (field is null || !fieldKeys.Contains(field))) error(at + ".field", $"Rule '{key}': '{o["field"]}' is not a field of the model.");
            result.Add(new ValidationRule(key, assert ?? "", message ?? "", Str("messageEn"), field, when));
        }
        return result;
    }
}
