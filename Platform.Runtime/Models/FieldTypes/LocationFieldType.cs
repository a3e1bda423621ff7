using System.Text.Json.Nodes;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A place written as text (address, site name), up to 500 characters.</summary>
public sealed class LocationFieldType : FieldType
{
    public override string Name => "location";
    public override JsonObject Schema(FieldDefinition f) => StringSchema(f, 500);
    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors) => CheckedText(value, f, 500, errors);
    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
