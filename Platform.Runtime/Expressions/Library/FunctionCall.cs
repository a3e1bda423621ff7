using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Platform.Runtime.Expressions.Calendar;

namespace Platform.Runtime.Expressions.Library;

/// <summary>What a library function may know besides its arguments: the evaluation's clock, zone and calendar.</summary>
public sealed record FunctionContext(DateTimeOffset Now, TimeZoneInfo Zone, WorkCalendar Calendar);

/// <summary>A library function refused its arguments; the message names the function and the argument.</summary>
public sealed class FunctionArgumentException(string message) : Exception(message);

/// <summary>
/// One call of a library function: reads arguments with the shared coercion rules (documented in
/// docs/expressions.md and mirrored in the browser's args.ts) and words refusals the same way.
/// </summary>
public sealed partial class FunctionCall(string name, IReadOnlyList<object?> args, FunctionContext context)
{
    public string Name => name;
    public IReadOnlyList<object?> Args => args;
    public FunctionContext Context => context;
    public int Count => args.Count;

    public object? this[int i] => i < args.Count ? args[i] : null;

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex NumericText();

    public FunctionArgumentException Refuse(int i, string expected) =>
        new($"{name}: argument {i + 1} must be {expected}, got {Describe(this[i])}");

    public FunctionArgumentException Fail(string message) => new($"{name}: {message}");

    /// <summary>null, "" and whitespace are "no number"; numeric text counts as a number.</summary>
    public double? NumberOrNull(int i)
    {
        var v = this[i];
        var n = AsNumber(v, out var ok);
        if (!ok) throw Refuse(i, "a number");
        return n;
    }

    public static double? AsNumber(object? v, out bool ok)
    {
        ok = true;
        switch (v)
        {
            case null: return null;
            case double d: return d;
            case string s when s.Trim().Length == 0: return null;
            case string s when NumericText().IsMatch(s.Trim()): return double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            case string: ok = false; return null;
            case bool: ok = false; return null;
            case IConvertible c when v is int or long or decimal or float or short or byte or uint or ulong: return c.ToDouble(CultureInfo.InvariantCulture);
            default: ok = false; return null;
        }
    }

    public double Number(int i, double fallback) => NumberOrNull(i) ?? fallback;

    public double RequiredNumber(int i) => NumberOrNull(i) ?? throw Refuse(i, "a number");

    public int Integer(int i, int fallback, int min, int max)
    {
        var n = NumberOrNull(i);
        if (n is null) return fallback;
        if (n != Math.Floor(n.Value) || n < min || n > max) throw Refuse(i, $"a whole number from {min} to {max}");
        return (int)n.Value;
    }

    /// <summary>Text functions treat null as empty text; numbers and booleans read as JavaScript writes them.</summary>
    public string Text(int i) => this[i] switch
    {
        null => "",
        string s => s,
        IList or IDictionary or IReadOnlyDictionary<string, object?> => throw Refuse(i, "text"),
        var v => ToText(v),
    };

    public static string ToText(object? v) => v switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => DecimalDigits.JsText(d),
        IDictionary or IReadOnlyDictionary<string, object?> => "[object Object]",
        IList list => string.Join(",", list.Cast<object?>().Select(ToText)),
        var other => AsNumber(other, out var ok) is { } n && ok ? DecimalDigits.JsText(n) : other.ToString() ?? "",
    };

    public DateValue? DateOrNull(int i)
    {
        var v = this[i];
        if (v is null || v is string { Length: 0 }) return null;
        return DateValue.TryRead(v, context.Zone) ?? throw Refuse(i, "a date");
    }

    public IList<object?> List(int i) => this[i] switch
    {
        null => [],
        IList list => list.Cast<object?>().ToList(),
        _ => throw Refuse(i, "an array"),
    };

    public string Format(DateValue d) => d.Format(context.Zone);

    public static string Describe(object? v) => v switch
    {
        null => "null",
        string s => System.Text.Json.JsonSerializer.Serialize(s, DescribeOptions),
        bool b => b ? "true" : "false",
        IDictionary or IReadOnlyDictionary<string, object?> => "an object",
        IList => "an array",
        _ => ToText(v),
    };

    private static readonly System.Text.Json.JsonSerializerOptions DescribeOptions =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
