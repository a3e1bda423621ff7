using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A number; with <c>"integer": true</c> a whole number stored as a 64-bit integer.</summary>
public sealed class NumberFieldType : FieldType
{
    public override string Name => "number";
    public override bool CanBeUnique => true;
    public override SqlType? Column(FieldDefinition f) => f.Integer ? SqlType.Integer : SqlType.Double;
    public override JsonObject Schema(FieldDefinition f) => NumberSchema(f, f.Integer ? "integer" : "number");

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var d = CheckedNumber(value, f, errors);
        if (d is null) return null;
        if (!f.Integer) return (double)d.Value;
        if (d.Value != decimal.Truncate(d.Value)) { errors.Add("Expected a whole number."); return null; }
        if (d.Value is > long.MaxValue or < long.MinValue) { errors.Add("The number is too large."); return null; }
        return (long)d.Value;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => f.Integer
        ? JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture))
        : JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
}
