using System.Text.Json.Nodes;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A web address (http or https).</summary>
public sealed class UrlFieldType : FieldType
{
    public override string Name => "url";
    public override JsonObject Schema(FieldDefinition f) => StringSchema(f, TextFieldType.Limit, "uri");

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var s = CheckedText(value, f, TextFieldType.Limit, errors);
        if (s is null || s.Length == 0) return s;
        if (Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https") return s;
        errors.Add("Expected a web address starting with http:// or https://.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
