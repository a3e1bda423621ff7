using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// Formatted text stored as HTML. Stored as given; the client renders it through a sanitizer,
/// never as raw HTML.
/// </summary>
public sealed class RichTextFieldType : FieldType
{
    public const int Limit = 500_000;
    public override string Name => "richText";
    public override bool Comparable => false;
    public override SqlType? Column(FieldDefinition f) => SqlType.LongText;
    public override JsonObject Schema(FieldDefinition f) => StringSchema(f, Limit);
    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors) => CheckedText(value, f, Limit, errors);
    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
