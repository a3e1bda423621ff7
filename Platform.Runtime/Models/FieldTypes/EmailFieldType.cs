using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>An e-mail address.</summary>
public sealed partial class EmailFieldType : FieldType
{
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Address();

    public override string Name => "email";
    public override bool CanBeUnique => true;
    public override JsonObject Schema(FieldDefinition f) => StringSchema(f, 254, "email");

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var s = CheckedText(value, f, 254, errors);
        if (s is null || s.Length == 0 || Address().IsMatch(s)) return s;
        errors.Add("Expected an e-mail address.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
