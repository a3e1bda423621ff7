using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// A link to records of another model of the app. manyToOne: a column holding the other record's id.
/// manyToMany: a link table (source_id, target_id); the value is the list of ids. oneToMany: the
/// inverse of the other model's manyToOne, computed on read, never written here.
/// </summary>
public sealed class RelationFieldType : FieldType
{
    public override string Name => "relation";
    public override SqlType? Column(FieldDefinition f) => f.Relation?.Kind == "manyToOne" ? SqlType.Id : null;
    public override bool Writable => true;

    public override JsonObject Schema(FieldDefinition f) => f.Relation?.Kind switch
    {
        "manyToOne" => new() { ["type"] = "string", ["maxLength"] = 64 },
        "manyToMany" => new() { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["maxLength"] = 64 }, ["uniqueItems"] = true },
        _ => new() { ["type"] = "array", ["readOnly"] = true, ["items"] = new JsonObject { ["type"] = "string" } },
    };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        if (f.Relation?.Kind == "oneToMany") { errors.Add("This list is filled from the other side of the relation."); return null; }
        if (f.Relation?.Kind == "manyToOne")
        {
            var s = AsString(value, errors);
            if (s is not null && (s.Length is 0 or > 64)) { errors.Add("Expected a record id."); return null; }
            return s;
        }
        if (value is not JsonArray array) { errors.Add("Expected a list of record ids."); return null; }
        var ids = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>() is not { Length: > 0 and <= 64 } id) { errors.Add("Every item must be a record id."); return null; }
            if (!ids.Contains(id)) ids.Add(id);
        }
        return ids;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => value switch
    {
        string s => JsonValue.Create(s),
        IEnumerable<string> ids => new JsonArray(ids.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
        _ => null,
    };
}
