using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// Detail lines (e.g. order lines) kept in a child table with the parent's id and a position.
/// The value is the list of line objects; writing it replaces the lines.
/// </summary>
public sealed class SubTableFieldType : FieldType
{
    public override string Name => "subTable";
    public override bool Comparable => false;
    public override SqlType? Column(FieldDefinition f) => null;

    public override JsonObject Schema(FieldDefinition f)
    {
        var properties = new JsonObject { ["id"] = new JsonObject { ["type"] = "string", ["maxLength"] = 64 } };
        var required = new JsonArray();
        foreach (var sub in f.SubFields ?? [])
        {
            var s = sub.Kind.Schema(sub);
            if (!sub.Required) s = ModelSchemaGenerator.Nullable(s);
            properties[sub.Key] = s;
            if (sub.Required && sub.Kind.Writable) required.Add(sub.Key);
        }
        return new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required, ["additionalProperties"] = false },
        };
    }

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        if (value is not JsonArray array) { errors.Add("Expected a list of rows."); return null; }
        var rows = new List<SubTableRow>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject line) { errors.Add($"Row {i + 1}: expected an object."); return null; }
            var values = new Dictionary<string, object?>();
            foreach (var (key, _) in line)
                if (key != "id" && f.SubFields!.All(s => s.Key != key)) errors.Add($"Row {i + 1}: unknown field '{key}'.");
            foreach (var sub in f.SubFields!)
            {
                var subErrors = new List<string>();
                values[sub.Key] = FieldValueChecker.Check(sub, line[sub.Key], subErrors);
                errors.AddRange(subErrors.Select(e => $"Row {i + 1}, {sub.Key}: {e}"));
            }
            var id = line["id"] is JsonValue iv && iv.GetValueKind() == JsonValueKind.String ? iv.GetValue<string>() : Guid.CreateVersion7().ToString();
            rows.Add(new SubTableRow(id, values));
        }
        return rows;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => null;
}

/// <summary>One detail line ready to be stored: its id and stored values per sub-field.</summary>
public sealed record SubTableRow(string Id, Dictionary<string, object?> Values);
