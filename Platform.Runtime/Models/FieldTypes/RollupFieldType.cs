using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// sum/count/min/max of a field over the rows a one-to-many relation points to, computed by a
/// sub-query when records are read, so it is always current and can be filtered and sorted.
/// </summary>
public sealed class RollupFieldType : FieldType
{
    public override string Name => "rollup";
    public override bool Writable => false;
    public override SqlType? Column(FieldDefinition f) => null;
    public override JsonObject Schema(FieldDefinition f) => new() { ["type"] = "number", ["readOnly"] = true };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        errors.Add("The value is computed from related records.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => value switch
    {
        string s => JsonValue.Create(s),
        DateTime or DateTimeOffset => JsonValue.Create(DateTimeFieldType.Format(DateTimeFieldType.Read(value))),
        bool b => JsonValue.Create(b),
        _ => JsonDecimal(ReadDecimal(value)),
    };
}
