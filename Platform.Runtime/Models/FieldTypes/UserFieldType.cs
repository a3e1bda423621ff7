using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>A platform user, by id.</summary>
public sealed class UserFieldType : FieldType
{
    public override string Name => "user";
    public override SqlType? Column(FieldDefinition f) => SqlType.Id;
    public override JsonObject Schema(FieldDefinition f) => new() { ["type"] = "string", ["maxLength"] = 64 };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        var s = AsString(value, errors);
        if (s is not null && (s.Length > 64 || s.Length == 0)) { errors.Add("Expected a user id."); return null; }
        return s;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
