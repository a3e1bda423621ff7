using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// One kind of field: which column it needs, the JSON Schema of its value, and how a JSON value
/// goes into the database and comes back out. One small subclass per type, registered in
/// <see cref="FieldTypeRegistry"/>.
/// </summary>
public abstract class FieldType
{
    public abstract string Name { get; }

    /// <summary>The column in the model table, or null when the value lives elsewhere or is computed on read.</summary>
    public virtual SqlType? Column(FieldDefinition f) => SqlType.Text;

    /// <summary>True when clients may send a value (false for auto-numbers, formulas, rollups, inverse relations).</summary>
    public virtual bool Writable => true;

    public virtual bool CanBeUnique => false;

    /// <summary>True when the value can be compared, sorted and grouped in SQL.</summary>
    public virtual bool Comparable => true;

    /// <summary>JSON Schema of a non-null value.</summary>
    public abstract JsonObject Schema(FieldDefinition f);

    /// <summary>
    /// Converts a checked JSON value (never JSON null) to what is stored: string, long, double,
    /// decimal, bool, DateOnly, DateTimeOffset (UTC). Adds messages to <paramref name="errors"/> and
    /// returns null when the value is not acceptable.
    /// </summary>
    public abstract object? ToDb(JsonNode value, FieldDefinition f, List<string> errors);

    /// <summary>Converts a stored value (never DBNull) back to JSON.</summary>
    public abstract JsonNode? FromDb(object value, FieldDefinition f);

    /// <summary>Problems with the field's definition (beyond the common ones).</summary>
    public virtual IEnumerable<string> Check(FieldDefinition f) => [];

    // Building blocks shared by the type classes.

    protected static string? AsString(JsonNode value, List<string> errors)
    {
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        errors.Add("Expected text.");
        return null;
    }

    protected static decimal? AsDecimal(JsonNode value, List<string> errors)
    {
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            // Values built in code hold long/double rather than a JSON element: read them via their text.
            if (v.TryGetValue<decimal>(out var d) || decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
            errors.Add("The number is too large.");
            return null;
        }
        errors.Add("Expected a number.");
        return null;
    }

    /// <summary>Length as people count it: Unicode code points, so an emoji is one character.</summary>
    protected static int CharCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    protected static string? CheckedText(JsonNode value, FieldDefinition f, int defaultMax, List<string> errors)
    {
        var s = AsString(value, errors);
        if (s is null) return null;
        var before = errors.Count;
        var len = CharCount(s);
        var max = Math.Min(f.MaxLength ?? defaultMax, defaultMax);
        if (len > max) errors.Add($"At most {max} characters (got {len}).");
        if (f.MinLength is { } min && len < min) errors.Add($"At least {min} characters (got {len}).");
        if (f.Pattern is not null)
        {
            try
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(s, f.Pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                    errors.Add($"Does not match the pattern {f.Pattern}.");
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException) { errors.Add("The pattern took too long to check."); }
        }
        return errors.Count == before ? s : null;
    }

    protected static decimal? CheckedNumber(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var d = AsDecimal(value, errors);
        if (d is null) return null;
        if (f.Min is { } min && d < min) { errors.Add($"Must be at least {min.ToString(CultureInfo.InvariantCulture)}."); return null; }
        if (f.Max is { } max && d > max) { errors.Add($"Must be at most {max.ToString(CultureInfo.InvariantCulture)}."); return null; }
        return d;
    }

    protected static JsonObject StringSchema(FieldDefinition f, int defaultMax, string? format = null)
    {
        var s = new JsonObject { ["type"] = "string", ["maxLength"] = Math.Min(f.MaxLength ?? defaultMax, defaultMax) };
        if (f.MinLength is { } min) s["minLength"] = min;
        if (f.Pattern is not null) s["pattern"] = f.Pattern;
        if (format is not null) s["format"] = format;
        return s;
    }

    protected static JsonObject NumberSchema(FieldDefinition f, string type = "number")
    {
        var s = new JsonObject { ["type"] = type };
        if (f.Min is { } min) s["minimum"] = min;
        if (f.Max is { } max) s["maximum"] = max;
        return s;
    }

    protected static decimal ReadDecimal(object value) => value switch
    {
        decimal d => d,
        long l => l,
        int i => i,
        double x => (decimal)x,
        float x => (decimal)x,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    protected static JsonNode JsonDecimal(decimal d) => JsonValue.Create(d / 1.0000000000000000000000000000m);

    /// <summary>Reads the id list / object list fields that are stored as JSON text.</summary>
    protected static JsonNode? ParseJsonText(object value) => value is string s ? JsonNode.Parse(s) : null;
}
