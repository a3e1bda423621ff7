using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>An exact decimal, e.g. money; <c>"currency": "CNY"</c> tells the UI how to show it.</summary>
public sealed class DecimalFieldType : FieldType
{
    public override string Name => "decimal";
    public override bool CanBeUnique => true;
    public override SqlType? Column(FieldDefinition f) => SqlType.Decimal;
    public override JsonObject Schema(FieldDefinition f) => NumberSchema(f);

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var d = CheckedNumber(value, f, errors);
        // numeric(28,8): 20 digits before the point.
        if (d is { } x && Math.Abs(x) >= 100_000_000_000_000_000_000m) { errors.Add("The number is too large."); return null; }
        return d is null ? null : Math.Round(d.Value, 8);
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonDecimal(ReadDecimal(value));
}
