using System.Text.Json.Nodes;
using NJsonSchema;

namespace Platform.Runtime.Models;

/// <summary>
/// The JSON Schema of a model's records. Two forms: the published one (what clients validate with,
/// with every constraint) and the one NJsonSchema validates writes with, which leaves out what
/// NJsonSchema gets wrong (lengths counted in UTF-16 units, patterns without a time limit,
/// read-only values); those are checked by the field types themselves.
/// </summary>
public static class ModelSchemaGenerator
{
    public static readonly string[] SystemProperties = ["id", "owner", "department"];

    public static JsonObject Published(ModelDefinition model)
    {
        var properties = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["maxLength"] = 64, ["description"] = "Record id; may be given on create (offline clients)." },
            ["owner"] = Nullable(new JsonObject { ["type"] = "string", ["maxLength"] = 64 }),
            ["department"] = Nullable(new JsonObject { ["type"] = "string", ["maxLength"] = 64 }),
        };
        var required = new JsonArray();
        foreach (var f in model.ActiveFields)
        {
            var s = f.Kind.Schema(f);
            if (f.Label is not null) s["title"] = f.Label;
            if (!f.Required || !f.Kind.Writable) s = Nullable(s);
            properties[f.Key] = s;
            if (f.Required && f.Kind.Writable) required.Add(f.Key);
        }
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["title"] = model.Name,
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        if (required.Count > 0) schema["required"] = required;
        return schema;
    }

    /// <summary>The schema NJsonSchema checks writes against (see the class comment).</summary>
    public static JsonSchema ForValidation(ModelDefinition model)
    {
        var json = Published(model);
        var props = (JsonObject)json["properties"]!;
        foreach (var f in model.ActiveFields.Where(f => !f.Kind.Writable || f.Relation?.Kind == "oneToMany")) props.Remove(f.Key);
        Strip(json);
        return JsonSchema.FromJsonAsync(json.ToJsonString()).GetAwaiter().GetResult();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("minLength"); o.Remove("maxLength"); o.Remove("pattern"); o.Remove("format");
                foreach (var (_, child) in o.ToList()) Strip(child);
                break;
            case JsonArray a:
                foreach (var child in a) Strip(child);
                break;
        }
    }

    /// <summary>The same schema accepting null as well.</summary>
    public static JsonObject Nullable(JsonObject s)
    {
        if (s["type"] is JsonValue t) s["type"] = new JsonArray(t.GetValue<string>(), "null");
        if (s["enum"] is JsonArray e && !e.Any(x => x is null)) e.Add(null);
        return s;
    }
}
