using System.Text.Json.Nodes;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>One value out of the field's options.</summary>
public sealed class SingleSelectFieldType : FieldType
{
    public override string Name => "singleSelect";

    public override IEnumerable<string> Check(FieldDefinition f)
    {
        if (f.Options.Count == 0) yield return "A select field needs at least one option.";
    }

    public override JsonObject Schema(FieldDefinition f) =>
        new() { ["type"] = "string", ["enum"] = new JsonArray(f.Options.Select(o => (JsonNode)JsonValue.Create(o.Value)!).ToArray()) };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var s = AsString(value, errors);
        if (s is null) return null;
        if (f.Options.Any(o => o.Value == s)) return s;
        errors.Add($"'{s}' is not one of the options.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
