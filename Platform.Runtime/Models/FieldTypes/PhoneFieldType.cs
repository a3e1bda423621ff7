using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A telephone number: digits with the usual separators, 3–30 characters.</summary>
public sealed partial class PhoneFieldType : FieldType
{
    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]{2,29}$")]
    private static partial Regex Number();

    public override string Name => "phone";
    public override bool CanBeUnique => true;

    public override JsonObject Schema(FieldDefinition f)
    {
        var s = StringSchema(f, 30);
        s["pattern"] ??= Number().ToString();
        return s;
    }

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var s = CheckedText(value, f, 30, errors);
        if (s is null || s.Length == 0 || Number().IsMatch(s)) return s;
        errors.Add("Expected a telephone number.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
