using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.References;

namespace Platform.Runtime.Models;

/// <summary>
/// Turns an outside JSON Schema into a model definition. The schema is checked first, on the raw
/// JSON and before NJsonSchema ever parses it: size and depth bounds, only local "#/…" references,
/// no reference cycles, and only keywords whose meaning the model enforces exactly. Everything else
/// is refused with its keyword and path, so an accepted schema never validates differently from the
/// model made of it. (NJsonSchema silently ignores const, if/then/else, contains, … and can recurse
/// forever on a $ref cycle or fetch remote references: see NOTES.md.)
/// </summary>
public static class SchemaImporter
{
    public const int MaxSchemaBytes = 256 * 1024;
    public const int MaxDepth = 24;
    public const int MaxSubschemas = 2000;

    private static readonly HashSet<string> Annotations = ["title", "description", "$comment", "examples", "default", "readOnly", "writeOnly", "deprecated"];
    private static readonly HashSet<string> Keywords = ["type", "properties", "required", "additionalProperties", "enum", "minimum", "maximum",
        "minLength", "maxLength", "pattern", "format", "items", "uniqueItems", "$ref", "definitions", "$defs"];
    private static readonly HashSet<string> RootOnly = ["$schema", "$id", "id"];
    private static readonly HashSet<string> Types = ["string", "integer", "number", "boolean", "array", "object", "null"];
    private static readonly Dictionary<string, string> Formats = new() { ["email"] = "email", ["date"] = "date", ["date-time"] = "datetime", ["uri"] = "url" };
    private static readonly HashSet<string> Drafts = ["http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-07/schema#",
        "http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-07/schema"];

    private sealed class Problems
    {
        public readonly Dictionary<string, List<string>> Items = new();
        public void Add(string path, string message)
        {
            var key = "schema" + (path.Length == 0 ? "" : path);
            if (!Items.TryGetValue(key, out var l)) Items[key] = l = [];
            if (!l.Contains(message)) l.Add(message);
        }
        public void ThrowIfAny()
        {
            if (Items.Count > 0) throw new ValidationFailedException("The schema uses keywords or constructs the platform cannot enforce.", Items.ToDictionary(x => x.Key, x => x.Value.ToArray()));
        }
    }

    /// <summary>{key, name, schema} → a model definition JSON, or a 400 naming every problem.</summary>
    public static JsonObject ToModel(JsonObject body)
    {
        var errors = new Dictionary<string, string[]>();
        var key = body["key"] is JsonValue k && k.GetValueKind() == JsonValueKind.String ? k.GetValue<string>() : null;
        if (!ModelKeys.IsValid(key)) errors["key"] = ["Model key is not valid. " + ModelKeys.Rule];
        var name = body["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
        if (string.IsNullOrWhiteSpace(name)) errors["name"] = ["A model name is required."];
        if (body["schema"] is not JsonObject schema) { errors["schema"] = ["'schema' must be a JSON Schema object."]; throw new ValidationFailedException("The import is not valid.", errors); }
        if (errors.Count > 0) throw new ValidationFailedException("The import is not valid.", errors);

        var problems = new Problems();
        var text = schema.ToJsonString();
        if (text.Length > MaxSchemaBytes) { problems.Add("", $"The schema is larger than {MaxSchemaBytes / 1024} KB."); problems.ThrowIfAny(); }
        var count = 0;
        Walk(schema, schema, "", 0, problems, ref count);
        problems.ThrowIfAny();
        CheckRefCycles(schema, problems);
        problems.ThrowIfAny();
        LoadWithNJsonSchema(text, problems);
        problems.ThrowIfAny();

        var model = Convert(schema, key!, name!, problems);
        problems.ThrowIfAny();
        return model;
    }

    /// <summary>Checks every subschema: allowed keywords only, well-formed values, bounded size and depth.</summary>
    private static void Walk(JsonNode? node, JsonObject root, string path, int depth, Problems p, ref int count)
    {
        if (++count > MaxSubschemas) { p.Add("", $"The schema has more than {MaxSubschemas} subschemas."); return; }
        if (depth > MaxDepth) { p.Add(path, $"The schema is nested more than {MaxDepth} levels deep."); return; }
        if (node is not JsonObject o) { p.Add(path, "A subschema must be an object (true/false schemas are not supported)."); return; }
        foreach (var (kw, value) in o)
        {
            var at = $"{path}/{kw}";
            if (Annotations.Contains(kw) || kw.StartsWith("x-") && kw is not ("x-nullable")) continue;
            if (RootOnly.Contains(kw))
            {
                if (path.Length != 0) p.Add(at, $"'{kw}' is only allowed at the top of the schema.");
                else if (kw == "$schema" && (value is not JsonValue sv || !Drafts.Contains(sv.ToString()))) p.Add(at, "Only JSON Schema draft-04, -06 and -07 are supported.");
                else if (kw != "$schema" && value?.GetValueKind() != JsonValueKind.String) p.Add(at, $"'{kw}' must be text.");
                continue;
            }
            if (kw is "nullable" or "x-nullable") { p.Add(at, $"'{kw}' is not standard JSON Schema and would be ignored; use \"type\": [\"…\", \"null\"]."); continue; }
            if (!Keywords.Contains(kw)) { p.Add(at, $"Keyword '{kw}' is not enforced by the platform's validator, so the schema is refused."); continue; }
            switch (kw)
            {
                case "$ref":
                    if (value is not JsonValue rv || rv.GetValueKind() != JsonValueKind.String) { p.Add(at, "$ref must be text."); break; }
                    var r = rv.GetValue<string>();
                    if (!r.StartsWith("#/")) p.Add(at, $"Only references inside the schema (\"#/definitions/…\") are allowed; '{Short(r)}' is refused (no files, no URLs).");
                    else if (Resolve(root, r) is null) p.Add(at, $"The reference '{Short(r)}' points to nothing.");
                    if (o.Count > 1) p.Add(path, "Keywords beside $ref are ignored by the validator; put them in the referenced schema.");
                    break;
                case "type":
                    var types = value is JsonArray ta ? ta.Select(x => x?.GetValueKind() == JsonValueKind.String ? x.GetValue<string>() : "?").ToList()
                        : value?.GetValueKind() == JsonValueKind.String ? [value.GetValue<string>()] : ["?"];
                    foreach (var t in types.Where(t => !Types.Contains(t))) p.Add(at, $"'{t}' is not a JSON Schema type.");
                    if (types.Count == 0 || types.Distinct().Count() != types.Count) p.Add(at, "type must name distinct types.");
                    break;
                case "properties" or "definitions" or "$defs":
                    if (value is not JsonObject props) { p.Add(at, $"'{kw}' must be an object."); break; }
                    foreach (var (name, sub) in props) Walk(sub, root, $"{at}/{name}", depth + 1, p, ref count);
                    break;
                case "items":
                    if (value is JsonArray) p.Add(at, "Tuple 'items' (a list of schemas) is not supported.");
                    else Walk(value, root, at, depth + 1, p, ref count);
                    break;
                case "additionalProperties":
                    if (value is JsonObject) p.Add(at, "additionalProperties with a schema is not supported; use false.");
                    else if (value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) p.Add(at, "additionalProperties must be true or false.");
                    break;
                case "required":
                    if (value is not JsonArray req || req.Any(x => x?.GetValueKind() != JsonValueKind.String)) p.Add(at, "required must be a list of property names (draft-3 \"required\": true is not supported).");
                    break;
                case "enum":
                    if (value is not JsonArray e || e.Count == 0) p.Add(at, "enum must be a non-empty list.");
                    break;
                case "minimum" or "maximum":
                    if (value is not JsonValue nv || nv.GetValueKind() != JsonValueKind.Number || !nv.TryGetValue<decimal>(out _)) p.Add(at, $"'{kw}' must be a number of at most 28 digits.");
                    break;
                case "minLength" or "maxLength":
                    if (value is not JsonValue lv || !lv.TryGetValue<int>(out var len) || len < 0) p.Add(at, $"'{kw}' must be a whole number ≥ 0.");
                    break;
                case "uniqueItems":
                    if (value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) p.Add(at, "uniqueItems must be true or false.");
                    break;
                case "pattern":
                    if (value?.GetValueKind() != JsonValueKind.String) { p.Add(at, "pattern must be text."); break; }
                    try { _ = new Regex(value.GetValue<string>(), RegexOptions.None, TimeSpan.FromMilliseconds(100)); }
                    catch (ArgumentException) { p.Add(at, "The pattern is not a regular expression the server can check."); }
                    break;
                case "format":
                    if (value?.GetValueKind() != JsonValueKind.String || !Formats.ContainsKey(value.GetValue<string>()))
                        p.Add(at, $"format '{value}' has no validator here; supported: {string.Join(", ", Formats.Keys)}.");
                    break;
            }
        }
    }

    private static string Short(string s) => s.Length > 80 ? s[..80] + "…" : s;

    /// <summary>The subschema a local JSON pointer names, or null.</summary>
    private static JsonNode? Resolve(JsonObject root, string reference)
    {
        JsonNode? node = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var part = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : null;
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>Refuses a reference that leads back to itself, directly or through others.</summary>
    private static void CheckRefCycles(JsonObject root, Problems p)
    {
        void Visit(JsonNode? node, string path, List<string> stack)
        {
            if (node is not JsonObject o) return;
            if (o["$ref"] is JsonValue rv && rv.GetValueKind() == JsonValueKind.String)
            {
                var r = rv.GetValue<string>();
                if (stack.Contains(r)) { p.Add(path + "/$ref", $"The reference '{Short(r)}' leads back to itself; recursive schemas are not supported."); return; }
                if (stack.Count > 32) { p.Add(path + "/$ref", "References are chained too deeply."); return; }
                Visit(Resolve(root, r), path, [.. stack, r]);
                return;
            }
            foreach (var kw in new[] { "properties", "definitions", "$defs" })
                if (o[kw] is JsonObject props)
                    foreach (var (name, sub) in props) Visit(sub, $"{path}/{kw}/{name}", stack);
            if (o["items"] is JsonObject items) Visit(items, path + "/items", stack);
        }
        Visit(root, "", []);
    }

    /// <summary>A resolver that refuses every reference outside the document: no HTTP, no files.</summary>
    private sealed class LocalOnlyResolver(JsonSchemaAppender appender) : JsonReferenceResolver(appender)
    {
        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken ct = default) =>
            throw new InvalidOperationException("File references are not allowed.");

        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken ct = default) =>
            throw new InvalidOperationException("URL references are not allowed.");
    }

    private static void LoadWithNJsonSchema(string text, Problems p)
    {
        try
        {
            _ = JsonSchema.FromJsonAsync(text, null, schema => new LocalOnlyResolver(new JsonSchemaAppender(schema, new DefaultTypeNameGenerator()))).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            p.Add("", "The schema could not be read: " + e.Message);
        }
    }

    private static JsonObject Deref(JsonObject root, JsonObject s)
    {
        for (var i = 0; i < 33 && s["$ref"] is JsonValue r; i++) s = (JsonObject)Resolve(root, r.GetValue<string>())!;
        return s;
    }

    private static (string? Type, bool Nullable) TypeOf(JsonObject s)
    {
        if (s["type"] is JsonValue v) return (v.GetValue<string>(), false);
        if (s["type"] is JsonArray a)
        {
            var names = a.Select(x => x!.GetValue<string>()).ToList();
            var nullable = names.Remove("null");
            return (names.Count == 1 ? names[0] : names.Count == 0 ? "null" : "many", nullable);
        }
        return (null, false);
    }

    private static JsonObject Convert(JsonObject schema, string key, string name, Problems p)
    {
        var root = Deref(schema, schema);
        var (rootType, _) = TypeOf(root);
        if (rootType != "object" || root["properties"] is not JsonObject props) { p.Add("", "The schema must describe an object with properties (type: object)."); return new JsonObject(); }
        if (root["additionalProperties"] is not JsonValue ap || ap.GetValueKind() != JsonValueKind.False)
            p.Add("/additionalProperties", "Set additionalProperties to false: a model keeps only the properties it lists and refuses others.");
        var required = (root["required"] as JsonArray)?.Select(x => x!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var r in required.Where(r => !props.ContainsKey(r))) p.Add("/required", $"'{r}' is required but not described in properties.");
        var fields = new JsonArray();
        foreach (var (prop, raw) in props)
        {
            var at = "/properties/" + prop;
            if (!ModelKeys.IsValid(prop) || ModelKeys.SystemColumns.Contains(prop) || ModelSchemaGenerator.SystemProperties.Contains(prop))
            {
                p.Add(at, $"'{prop}' cannot be a field key. " + ModelKeys.Rule + " System names (id, owner, …) are reserved.");
                continue;
            }
            var s = Deref(schema, (JsonObject)raw!);
            var (type, nullable) = TypeOf(s);
            var field = new JsonObject { ["key"] = prop, ["label"] = s["title"]?.DeepClone() ?? prop };
            var isRequired = required.Contains(prop);
            if (isRequired && nullable) p.Add(at + "/type", "A required property that allows null is not supported: the platform treats null as no value.");
            if (isRequired) field["required"] = true;
            switch (type)
            {
                case "string" when s["enum"] is JsonArray e:
                    if (e.Any(x => x is null && !nullable || x is not null && x.GetValueKind() != JsonValueKind.String)) { p.Add(at + "/enum", "Only lists of text values are supported in enum."); break; }
                    field["type"] = "singleSelect";
                    field["options"] = new JsonArray(e.Where(x => x is not null).Select(x => (JsonNode)new JsonObject { ["value"] = x!.GetValue<string>() }).ToArray());
                    break;
                case "string":
                    var format = s["format"]?.GetValue<string>();
                    var max = s["maxLength"]?.GetValue<int>();
                    field["type"] = format is not null ? Formats[format] : max is null or > 1000 ? "longText" : "text";
                    if (format is "date" or "date-time" && (s["pattern"] is not null || s["minLength"] is not null || s["maxLength"] is not null))
                        p.Add(at, "Length or pattern on a date is not supported.");
                    var min = s["minLength"]?.GetValue<int>();
                    if (isRequired && (min is null or 0)) p.Add(at, "A required text property needs minLength of at least 1: the platform treats empty text as no value.");
                    if (min is not null) field["minLength"] = min;
                    if (max is not null) field["maxLength"] = max;
                    if (format == "email" && max > 254 || format == "uri" && max > 1000) p.Add(at + "/maxLength", "maxLength is above the field type's limit.");
                    if (max > 100_000) p.Add(at + "/maxLength", "maxLength above 100,000 characters is not supported.");
                    if (s["pattern"] is not null) field["pattern"] = s["pattern"]!.DeepClone();
                    break;
                case "integer" or "number":
                    if (s["enum"] is not null) { p.Add(at + "/enum", "enum on numbers is not supported."); break; }
                    field["type"] = "number";
                    if (type == "integer") field["integer"] = true;
                    if (s["minimum"] is { } mn) field["min"] = mn.DeepClone();
                    if (s["maximum"] is { } mx) field["max"] = mx.DeepClone();
                    break;
                case "boolean":
                    if (s["enum"] is not null) { p.Add(at + "/enum", "enum on booleans is not supported."); break; }
                    field["type"] = "boolean";
                    break;
                case "array":
                    var items = s["items"] is JsonObject io ? Deref(schema, io) : null;
                    if (items is null || TypeOf(items) is not ("string", false) || items["enum"] is not JsonArray options || options.Any(x => x?.GetValueKind() != JsonValueKind.String)
                        || s["uniqueItems"]?.GetValueKind() != JsonValueKind.True || items.Count(x => !Annotations.Contains(x.Key)) != 2)
                    {
                        p.Add(at, "Only lists of distinct choices are supported for arrays (items: {type: string, enum: […]}, uniqueItems: true).");
                        break;
                    }
                    if (isRequired) p.Add(at, "A required list is not supported: the platform treats an empty list as no value.");
                    field["type"] = "multiSelect";
                    field["options"] = new JsonArray(options.Select(x => (JsonNode)new JsonObject { ["value"] = x!.GetValue<string>() }).ToArray());
                    break;
                case "object":
                    p.Add(at, "Nested objects are not supported; make a separate model and a relation.");
                    break;
                default:
                    p.Add(at + "/type", "Each property needs exactly one type (optionally with \"null\").");
                    break;
            }
            if (s["default"] is { } def && field["type"] is not null) field["default"] = def.DeepClone();
            fields.Add(field);
        }
        var model = new JsonObject { ["key"] = key, ["name"] = name, ["fields"] = fields };
        if (p.Items.Count == 0)
        {
            try { ModelDefinition.Parse(model); }
            catch (ValidationFailedException e)
            {
                foreach (var (k, v) in e.Errors) foreach (var m in v) p.Add("/" + k, m);
            }
        }
        return model;
    }
}
