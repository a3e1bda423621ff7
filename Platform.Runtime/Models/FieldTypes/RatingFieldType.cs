using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A whole number of stars from 0 to max (default 5).</summary>
public sealed class RatingFieldType : FieldType
{
    public override string Name => "rating";
    public override SqlType? Column(FieldDefinition f) => SqlType.Integer;

    public override JsonObject Schema(FieldDefinition f) =>
        new() { ["type"] = "integer", ["minimum"] = f.Min ?? 0, ["maximum"] = f.Max ?? 5 };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var d = AsDecimal(value, errors);
        if (d is null) return null;
        var max = f.Max ?? 5;
        if (d != decimal.Truncate(d.Value) || d < (f.Min ?? 0) || d > max) { errors.Add($"Expected a whole number from {f.Min ?? 0} to {max}."); return null; }
        return (long)d.Value;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
}
