using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>An instant, written ISO 8601 with an offset; stored and returned in UTC.</summary>
public sealed class DateTimeFieldType : FieldType
{
    public override string Name => "datetime";
    public override SqlType? Column(FieldDefinition f) => SqlType.DateTime;
    public override JsonObject Schema(FieldDefinition f) => new() { ["type"] = "string", ["format"] = "date-time" };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var s = AsString(value, errors);
        if (s is null) return null;
        if (s.Length >= 16 && s[10] is 'T' or 't' or ' ' && (s.EndsWith('Z') || s.EndsWith('z') || s[^6] is '+' or '-')
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d.ToUniversalTime();
        errors.Add("Expected a date and time in ISO 8601 with an offset, e.g. 2026-01-31T09:30:00Z.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create(Format(Read(value)));

    public static string Format(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A time as every database keeps it: UTC, to the millisecond, as <see cref="Format"/> shows it. A time read back
    /// (a filter value, a page cursor) then equals the stored one, where microseconds would put it between two records.
    /// </summary>
    public static DateTimeOffset ToMillisecond(DateTimeOffset d) => new(d.UtcTicks - d.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static DateTimeOffset Read(object value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
        _ => throw new InvalidCastException($"Cannot read a date-time from {value.GetType().Name}."),
    };
}
