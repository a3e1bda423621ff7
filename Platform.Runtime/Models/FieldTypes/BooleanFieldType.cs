using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>Yes or no.</summary>
public sealed class BooleanFieldType : FieldType
{
    public override string Name => "boolean";
    public override SqlType? Column(FieldDefinition f) => SqlType.Boolean;
    public override JsonObject Schema(FieldDefinition f) => new() { ["type"] = "boolean" };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        errors.Add("Expected true or false.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create(value is bool b ? b : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0);
}
