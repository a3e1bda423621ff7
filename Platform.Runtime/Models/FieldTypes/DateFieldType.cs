using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A calendar date without time, written "yyyy-MM-dd".</summary>
public sealed class DateFieldType : FieldType
{
    public override string Name => "date";
    public override bool CanBeUnique => true;
    public override SqlType? Column(FieldDefinition f) => SqlType.Date;
    public override JsonObject Schema(FieldDefinition f) => new() { ["type"] = "string", ["format"] = "date" };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var s = AsString(value, errors);
        if (s is null) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add("Expected a date written yyyy-MM-dd.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create(Read(value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static DateOnly Read(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
        string s => DateOnly.Parse(s[..Math.Min(10, s.Length)], CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Cannot read a date from {value.GetType().Name}."),
    };
}
