using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Forms;

/// <summary>
/// A form published for people without an account (a web form on a site, 外链表单): the form
/// definition's "public" option {enabled, slug, perMinute}. The slug is the secret part of the
/// public address; only the fields the form places (not hidden, not read-only) are accepted, the
/// form's defaults fill the rest, and the record is created by the system with no owner.
/// </summary>
public sealed class PublicForm
{
    public const int MinSlugLength = 16;
    public const int DefaultPerMinute = 10;

    // Types an anonymous visitor can fill without reading other records or uploading files.
    private static readonly HashSet<string> FillableTypes =
        ["text", "longText", "richText", "number", "decimal", "percent", "rating", "email", "phone", "url",
         "date", "datetime", "boolean", "singleSelect", "multiSelect", "location"];

    private PublicForm(JsonObject form, string model, IReadOnlyList<string> fields, int perMinute)
    {
        Definition = form;
        Model = model;
        Fields = fields;
        PerMinute = perMinute;
    }

    public JsonObject Definition { get; }
    public string Key => Definition["key"]!.GetValue<string>();
    public string Model { get; }
    /// <summary>The fields a submission may carry, in layout order.</summary>
    public IReadOnlyList<string> Fields { get; }
    /// <summary>Submissions accepted per client address and minute.</summary>
    public int PerMinute { get; }

    /// <summary>Checks the "public" option of a form definition (called by FormDefinition.Validate).</summary>
    public static void Validate(JsonObject form, JsonObject? model, Action<string, string> add)
    {
        if (form["public"] is null) return;
        if (form["public"] is not JsonObject option) { add("public", "'public' is an object {enabled, slug, perMinute}."); return; }
        foreach (var (key, _) in option)
            if (key is not ("enabled" or "slug" or "perMinute")) add($"public.{key}", $"Unknown option '{key}'.");
        if (option["enabled"] is not null && !(option["enabled"] is JsonValue e && e.TryGetValue<bool>(out _)))
            add("public.enabled", "'enabled' is true or false.");
        if (!IsValidSlug(Str(option["slug"])))
            add("public.slug", $"The slug is the secret part of the public address: at least {MinSlugLength} letters, digits, '-' or '_'.");
        if (option["perMinute"] is not null && !(option["perMinute"] is JsonValue pm && pm.TryGetValue<int>(out var n) && n is >= 1 and <= 1000))
            add("public.perMinute", "'perMinute' is a whole number from 1 to 1000.");
        if (model is null) return;
        var types = (model["fields"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(f => Str(f["key"]) ?? "", f => Str(f["type"]) ?? "");
        foreach (var (key, path) in PlacedFields(form["layout"], "layout"))
            if (types.TryGetValue(key, out var type) && !FillableTypes.Contains(type))
                add($"{path}.fieldKey", $"A public form cannot hold '{key}': a {type} field needs a signed-in user.");
    }

    /// <summary>The enabled public form of the package with this slug, or null.</summary>
    public static PublicForm? Find(JsonObject package, string slug)
    {
        if (!IsValidSlug(slug)) return null;
        var wanted = Encoding.UTF8.GetBytes(slug);
        foreach (var form in (package["forms"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (form["public"] is not JsonObject option || Str(option["slug"]) is not { } own || !IsValidSlug(own)) continue;
            // Compared in constant time: the slug is a secret.
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(own), wanted)) continue;
            if (!(option["enabled"] is JsonValue e && e.TryGetValue<bool>(out var enabled) && enabled)) return null;
            if (Str(form["model"]) is not { } model || Str(form["key"]) is null) return null;
            var modelJson = (package["models"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(m => Str(m["key"]) == model);
            if (modelJson is null) return null;
            var types = (modelJson["fields"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(f => Str(f["key"]) ?? "", f => Str(f["type"]) ?? "");
            var fields = PlacedFields(form["layout"], "layout", acceptedOnly: true)
                .Select(x => x.Key).Where(k => types.TryGetValue(k, out var t) && FillableTypes.Contains(t)).ToList();
            var perMinute = option["perMinute"] is JsonValue pm && pm.TryGetValue<int>(out var n) && n is >= 1 and <= 1000 ? n : DefaultPerMinute;
            return new PublicForm(form, model, fields, perMinute);
        }
        return null;
    }

    /// <summary>
    /// The record body for a submission: the form's defaults, then the submitted fields. Any key the
    /// form does not accept is refused (400), so a visitor cannot set the owner, a score or a status.
    /// </summary>
    public JsonObject Submission(JsonObject body)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, _) in body)
            if (!Fields.Contains(key)) errors[key] = [$"This form does not accept '{key}'."];
        if (errors.Count > 0) throw new ValidationFailedException("The submission holds fields this form does not accept.", errors);
        var record = new JsonObject();
        if (Definition["defaults"] is JsonObject defaults)
            foreach (var (key, value) in defaults) record[key] = value?.DeepClone();
        foreach (var (key, value) in body) record[key] = value?.DeepClone();
        record["_form"] = Key;
        return record;
    }

    /// <summary>What a visitor's browser needs to render the form: the definition without its secret option.</summary>
    public JsonObject PublicDefinition()
    {
        var copy = (JsonObject)Definition.DeepClone();
        copy.Remove("public");
        return copy;
    }

    /// <summary>
    /// A form definition as users who do not manage the app see it: the public option keeps only
    /// "enabled" (the record page skips public forms as a record's default), never the slug.
    /// </summary>
    public static JsonObject Redacted(JsonObject form)
    {
        var copy = (JsonObject)form.DeepClone();
        if (copy["public"] is JsonObject option)
            copy["public"] = new JsonObject { ["enabled"] = option["enabled"] is JsonValue e && e.TryGetValue<bool>(out var on) && on };
        else copy.Remove("public");
        return copy;
    }

    private static bool IsValidSlug(string? slug) =>
        slug is { Length: >= MinSlugLength and <= 200 } && slug.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static IEnumerable<(string Key, string Path)> PlacedFields(JsonNode? list, string path, bool acceptedOnly = false)
    {
        if (list is not JsonArray array) yield break;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject node) continue;
            var p = $"{path}[{i}]";
            var type = Str(node["type"]);
            if (type is "field" or "subTable" && Str(node["fieldKey"]) is { } key)
            {
                var props = node["props"] as JsonObject;
                var hidden = props?["hidden"] is JsonValue h && h.TryGetValue<bool>(out var hv) && hv;
                var readOnly = props?["readOnly"] is JsonValue r && r.TryGetValue<bool>(out var rv) && rv;
                if (!acceptedOnly || (!hidden && !readOnly)) yield return (key, p);
            }
            foreach (var inner in PlacedFields(node["children"], $"{p}.children", acceptedOnly)) yield return inner;
        }
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
