using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A percentage as its number of percent (12.5 means 12.5 %).</summary>
public sealed class PercentFieldType : FieldType
{
    public override string Name => "percent";
    public override SqlType? Column(FieldDefinition f) => SqlType.Decimal;
    public override JsonObject Schema(FieldDefinition f) => NumberSchema(f);

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var d = CheckedNumber(value, f, errors);
        if (d is { } x && Math.Abs(x) >= 100_000_000_000m) { errors.Add("The number is too large."); return null; }
        return d is null ? null : Math.Round(d.Value, 8);
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonDecimal(ReadDecimal(value));
}
