using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>Multi-line plain text without a practical length limit (100,000 characters).</summary>
public sealed class LongTextFieldType : FieldType
{
    public const int Limit = 100_000;
    public override string Name => "longText";
    public override bool Comparable => false;
    public override SqlType? Column(FieldDefinition f) => SqlType.LongText;
    public override JsonObject Schema(FieldDefinition f) => StringSchema(f, Limit);
    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors) => CheckedText(value, f, Limit, errors);
    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
