using System.Text.Json.Nodes;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A single line of text, up to 1,000 characters; indexable and unique-able.</summary>
public sealed class TextFieldType : FieldType
{
    public const int Limit = 1000;
    public override string Name => "text";
    public override bool CanBeUnique => true;
    public override JsonObject Schema(FieldDefinition f) => StringSchema(f, Limit);
    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors) => CheckedText(value, f, Limit, errors);
    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
