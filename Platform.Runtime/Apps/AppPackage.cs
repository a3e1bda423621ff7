using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Runtime.Apps;

/// <summary>
/// An app as one JSON document: key, name and the lists of its definitions (models, forms, views,
/// dashboards, workflows, roles, menus). This is what export writes and import reads.
/// </summary>
public static partial class AppPackage
{
    public static readonly string[] Sections = ["models", "forms", "views", "dashboards", "workflows", "roles", "menus", "decisionTables"];

    /// <summary>The folder of a section in a template: camelCase section names become kebab-case ("decisionTables" → "decision-tables").</summary>
    public static string Folder(string section) => System.Text.RegularExpressions.Regex.Replace(section, "([a-z])([A-Z])", m => m.Groups[1].Value + "-" + char.ToLowerInvariant(m.Groups[2].Value[0]));

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex KeyPattern();

    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    /// <summary>Checks the envelope of a package; definitions inside are checked by their own concepts.</summary>
    public static void Validate(JsonObject package)
    {
        var errors = new Dictionary<string, string[]>();
        var key = (package["key"] as JsonValue)?.TryGetValue<string>(out var k) == true ? k : null;
        if (!IsValidKey(key))
            errors["key"] = ["App key must be 2–40 characters: lower-case letters, digits and '-', starting with a letter."];
        if (package["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name))
            errors["name"] = ["App name is required."];
        foreach (var section in Sections)
            if (package[section] is { } node && node is not JsonArray)
                errors[section] = [$"'{section}' must be a list."];
        if (errors.Count == 0) Security.RoleDefinition.Check(package, errors);
        if (errors.Count == 0) Models.PoolOptions.CheckMembers(package, errors);
        if (errors.Count == 0) Dashboards.DashboardDefinition.Check(package, errors);
        if (errors.Count > 0) throw new ValidationFailedException("The app package is not valid.", errors);
    }

    public static JsonArray Section(JsonObject package, string section) =>
        package[section] as JsonArray ?? (JsonArray)(package[section] = new JsonArray());
}
