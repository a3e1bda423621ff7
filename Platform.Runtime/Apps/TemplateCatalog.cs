using System.Text.Json.Nodes;

namespace Platform.Runtime.Apps;

/// <summary>
/// The shipped app templates under <c>templates/</c>: one folder per template with <c>app.json</c>
/// and one file per definition in <c>models/</c>, <c>forms/</c>, <c>views/</c>, <c>workflows/</c>, ….
/// </summary>
public sealed partial class TemplateCatalog(string root)
{
    public string Root { get; } = root;

    public IReadOnlyList<(string Key, string Name, string? Description)> List()
    {
        if (!Directory.Exists(Root)) return [];
        return Directory.GetDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, "app.json")))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d =>
            {
                var app = ReadObject(Path.Combine(d, "app.json"));
                return (Path.GetFileName(d), app["name"]?.GetValue<string>() ?? Path.GetFileName(d), app["description"]?.GetValue<string>());
            })
            .ToList();
    }

    /// <summary>The template as one app package, or null when there is no such template.</summary>
    public JsonObject? Load(string templateKey)
    {
        if (!AppPackage.IsValidKey(templateKey)) return null;
        var dir = Path.Combine(Root, templateKey);
        var appFile = Path.Combine(dir, "app.json");
        if (!File.Exists(appFile)) return null;
        var package = ReadObject(appFile);
        package["key"] ??= templateKey;
        foreach (var section in AppPackage.Sections)
        {
            var sectionDir = Path.Combine(dir, AppPackage.Folder(section));
            if (!Directory.Exists(sectionDir)) continue;
            var list = AppPackage.Section(package, section);
            foreach (var file in Directory.GetFiles(sectionDir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
                list.Add(ReadObject(file));
        }
        return package;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9-]{0,60}(/[a-z][a-z0-9-]{0,60})?$")]
    private static partial System.Text.RegularExpressions.Regex DocumentName();

    /// <summary>
    /// A document of the template outside the package sections, e.g. "sample-data" or
    /// "imports/crm-sales-opportunities" (templates/&lt;key&gt;/&lt;name&gt;.json); null when absent.
    /// </summary>
    public JsonObject? LoadDocument(string templateKey, string name)
    {
        if (!AppPackage.IsValidKey(templateKey) || !DocumentName().IsMatch(name)) return null;
        var file = Path.Combine(Root, templateKey, name + ".json");
        return File.Exists(file) ? ReadObject(file) : null;
    }

    private static JsonObject ReadObject(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) as JsonObject
        ?? throw new InvalidDataException($"{path} must hold a JSON object.");
}
