using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Decisions;

/// <summary>
/// One condition cell of a decision table row, parsed once: any (empty or "-"), a comparison
/// ("> 5", "&lt;= 5", "= 5", "!= 5"), an inclusive range "[1..10]" (")" or "(" make a bound exclusive),
/// a literal or list of literals ("\"a\"", "\"a\",\"b\"", 5), not(…), or {"expr": "JS over the inputs"}.
/// </summary>
public sealed class DecisionCell
{
    private enum Kind { Any, Compare, Range, OneOf, Not, Expression }

    private Kind _kind;
    private string _op = "";
    private object? _operand;
    private object? _low, _high;
    private bool _lowInclusive, _highInclusive;
    private List<object?> _values = [];
    private string _expression = "";

    /// <summary>The cell as written, for reasons in the journal.</summary>
    public string Text { get; private init; } = "";
    public bool IsAny => _kind == Kind.Any;

    /// <summary>Parses a cell; throws <see cref="FormatException"/> with a readable message when it is not valid syntax.</summary>
    public static DecisionCell Parse(JsonNode? node)
    {
        switch (node)
        {
            case null: return new DecisionCell { _kind = Kind.Any, Text = "-" };
            case JsonObject o when ActivityContext.IsExpression(o):
                return new DecisionCell { _kind = Kind.Expression, _expression = o["expr"]!.GetValue<string>(), Text = o["expr"]!.GetValue<string>() };
            case JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return new DecisionCell { _kind = Kind.OneOf, _values = [Literal(v)], Text = v.ToJsonString() };
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return ParseText(v.GetValue<string>());
            default:
                throw new FormatException($"a cell must be text such as \">= 5\", a number, or {{\"expr\": \"…\"}}, not {node.ToJsonString()}");
        }
    }

    private static DecisionCell ParseText(string raw)
    {
        var text = raw.Trim();
        if (text.Length == 0 || text == "-") return new DecisionCell { _kind = Kind.Any, Text = "-" };
        if (text.StartsWith("not(", StringComparison.Ordinal) && text.EndsWith(')'))
            return new DecisionCell { _kind = Kind.Not, _values = Literals(text[4..^1]), Text = text };
        if ((text[0] is '[' or '(' or ']') && text.Contains("..", StringComparison.Ordinal) && (text[^1] is ']' or ')' or '['))
        {
            var inner = text[1..^1];
            var dots = inner.IndexOf("..", StringComparison.Ordinal);
            var low = ParseLiteral(inner[..dots].Trim());
            var high = ParseLiteral(inner[(dots + 2)..].Trim());
            if (Compare(low, high) is not { } order) throw new FormatException($"the bounds of range {text} must both be numbers or both be quoted text");
            if (order > 0) throw new FormatException($"the range {text} is empty: its lower bound is above its upper bound");
            return new DecisionCell { _kind = Kind.Range, _low = low, _high = high, _lowInclusive = text[0] == '[', _highInclusive = text[^1] == ']', Text = text };
        }
        foreach (var op in new[] { ">=", "<=", "!=", ">", "<", "=" })
            if (text.StartsWith(op, StringComparison.Ordinal))
                return new DecisionCell { _kind = Kind.Compare, _op = op, _operand = ParseLiteral(text[op.Length..].Trim()), Text = text };
        return new DecisionCell { _kind = Kind.OneOf, _values = Literals(text), Text = text };
    }

    /// <summary>Comma-separated literals; commas inside quotes belong to the text.</summary>
    private static List<object?> Literals(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\')) quoted = !quoted;
            if (c == ',' && !quoted) { parts.Add(current.ToString()); current.Clear(); continue; }
            current.Append(c);
        }
        if (quoted) throw new FormatException($"a quote is not closed in {text}");
        parts.Add(current.ToString());
        return parts.Select(p => ParseLiteral(p.Trim())).ToList();
    }

    private static object? ParseLiteral(string text)
    {
        if (text.Length == 0) throw new FormatException("a value is missing");
        if (text[0] == '"')
        {
            try { return JsonNode.Parse(text)!.GetValue<string>(); }
            catch (Exception e) when (e is JsonException or InvalidOperationException) { throw new FormatException($"{text} is not a quoted text"); }
        }
        if (text is "true" or "false") return text == "true";
        if (text == "null") return null;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        throw new FormatException($"'{text}' is neither a number nor quoted text (write \"{text}\" for text)");
    }

    private static object? Literal(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.Number => v.GetValue<decimal>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => v.GetValue<string>(),
        _ => null,
    };

    /// <summary>Does the input value satisfy this cell? Expressions see every input by its key.</summary>
    public bool Matches(object? value, IReadOnlyDictionary<string, object?> inputs, IExpressionEvaluator evaluator)
    {
        switch (_kind)
        {
            case Kind.Any: return true;
            case Kind.OneOf: return _values.Any(x => Same(value, x));
            case Kind.Not: return !_values.Any(x => Same(value, x));
            case Kind.Compare:
                if (_op == "=") return Same(value, _operand);
                if (_op == "!=") return !Same(value, _operand);
                return Compare(value, _operand) is { } c && _op switch { ">" => c > 0, ">=" => c >= 0, "<" => c < 0, _ => c <= 0 };
            case Kind.Range:
                return Compare(value, _low) is { } lo && Compare(value, _high) is { } hi
                    && (_lowInclusive ? lo >= 0 : lo > 0) && (_highInclusive ? hi <= 0 : hi < 0);
            default:
                var scope = new Dictionary<string, object?>(inputs) { ["value"] = value };
                try { return PlainJson.IsTruthy(evaluator.Evaluate(_expression, scope)); }
                catch (ExpressionException e) { throw new DecisionTableException($"the expression cell '{_expression}' failed: {e.Message}"); }
        }
    }

    /// <summary>Numbers compare as numbers, text as text (ISO dates sort as text); anything else does not compare.</summary>
    private static int? Compare(object? a, object? b) => (Number(a), Number(b)) switch
    {
        ({ } x, { } y) => x.CompareTo(y),
        _ => a is string s && b is string t ? Math.Sign(string.CompareOrdinal(s, t)) : null,
    };

    private static bool Same(object? a, object? b) =>
        a is null || b is null ? a is null && b is null
        : Number(a) is { } x && Number(b) is { } y ? x == y
        : a is string s && b is string t ? s == t
        : a is bool p && b is bool q && p == q;

    private static decimal? Number(object? v) => v switch
    {
        decimal m => m,
        long l => l,
        int i => i,
        double d when !double.IsNaN(d) && !double.IsInfinity(d) => (decimal)d,
        _ => null,
    };

    public static IReadOnlyList<string> Syntax => ["-", "> 5", ">= 5", "< 5", "<= 5", "= 5", "!= 5", "[1..10]", "\"text\"", "\"a\",\"b\"", "not(\"a\")", "{\"expr\": \"…\"}"];
}

/// <summary>A decision table could not decide (unique hit policy with several matches, a failing expression cell).</summary>
public sealed class DecisionTableException(string message) : Exception(message);
