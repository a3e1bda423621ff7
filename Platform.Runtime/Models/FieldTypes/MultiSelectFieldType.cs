using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// Several values out of the options, stored as a JSON array in one text column rather than in a
/// link table: a record is written with one statement, the order the user chose is kept, and
/// "contains" compiles to a LIKE on the quoted option (exact, because values are always options).
/// </summary>
public sealed class MultiSelectFieldType : FieldType
{
    public override string Name => "multiSelect";
    public override bool Comparable => false;
    public override SqlType? Column(FieldDefinition f) => SqlType.LongText;

    public override IEnumerable<string> Check(FieldDefinition f)
    {
        if (f.Options.Count == 0) yield return "A select field needs at least one option.";
    }

    public override JsonObject Schema(FieldDefinition f) => new()
    {
        ["type"] = "array",
        ["items"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(f.Options.Select(o => (JsonNode)JsonValue.Create(o.Value)!).ToArray()) },
        ["uniqueItems"] = true,
    };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        if (value is not JsonArray array) { errors.Add("Expected a list of options."); return null; }
        var seen = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String) { errors.Add("Every item must be text."); return null; }
            var s = v.GetValue<string>();
            if (f.Options.All(o => o.Value != s)) { errors.Add($"'{s}' is not one of the options."); return null; }
            if (seen.Contains(s)) { errors.Add($"'{s}' is chosen twice."); return null; }
            seen.Add(s);
        }
        if (f.Required && seen.Count == 0) { errors.Add("Choose at least one option."); return null; }
        return JsonSerializer.Serialize(seen);
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => ParseJsonText(value);

    /// <summary>The LIKE pattern that finds one option inside the stored JSON array.</summary>
    public static string ContainsPattern(string option) => "%" + JsonSerializer.Serialize(option) + "%";
}
