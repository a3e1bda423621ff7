using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Runtime.Security;

/// <summary>
/// An app role as defined in the app package's "roles" section (so templates ship roles and copies
/// may change them). Format and combination rules: docs/permissions.md.
/// </summary>
public sealed partial record RoleDefinition(string Key, string Name, string? NameEn, IReadOnlyDictionary<string, ModelPermission> Permissions)
{
    public const string CurrentUser = "$currentUser";
    public const string CurrentDepartment = "$currentDepartment";
    public const string CurrentDepartmentAndBelow = "$currentDepartmentAndBelow";

    /// <summary>System columns every model table has; fields of role definitions may name them too.</summary>
    public static readonly IReadOnlySet<string> SystemColumns = new HashSet<string>(StringComparer.Ordinal)
        { "id", "owner", "department", "created_by", "created_at", "updated_by", "updated_at", "createdBy", "createdAt", "updatedBy", "updatedAt" };

    private static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
        { "eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "startsWith", "isEmpty", "between" };

    private static readonly Dictionary<string, ModelAction> ActionNames = Enum.GetValues<ModelAction>()
        .ToDictionary(a => a.ToString().ToLowerInvariant(), a => a, StringComparer.Ordinal);

    private static readonly Dictionary<string, RowScope> ScopeNames = new(StringComparer.Ordinal)
    {
        ["own"] = RowScope.Own, ["department"] = RowScope.Department, ["departmentAndBelow"] = RowScope.DepartmentAndBelow,
        ["all"] = RowScope.All, ["custom"] = RowScope.Custom,
    };

    private static readonly Dictionary<string, FieldAccess> AccessNames = new(StringComparer.Ordinal)
    {
        ["hidden"] = FieldAccess.Hidden, ["readOnly"] = FieldAccess.ReadOnly, ["editable"] = FieldAccess.Editable,
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,49}$")]
    private static partial Regex KeyPattern();

    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    /// <summary>
    /// The roles of an app package. Every problem is reported with its path (e.g.
    /// "roles[1].permissions.customer.rowScope"); nothing of an invalid package is used.
    /// </summary>
    public static IReadOnlyList<RoleDefinition> ParseAll(JsonObject package)
    {
        var errors = new Dictionary<string, string[]>();
        var roles = Check(package, errors);
        if (errors.Count > 0) throw new ValidationFailedException("The app's roles are not valid.", errors);
        return roles;
    }

    /// <summary>Adds the problems of the package's roles to <paramref name="errors"/> and returns the roles that parsed.</summary>
    public static IReadOnlyList<RoleDefinition> Check(JsonObject package, IDictionary<string, string[]> errors)
    {
        var result = new List<RoleDefinition>();
        if (package["roles"] is not JsonArray list) return result;
        var models = ModelFields(package);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"roles[{i}]";
            if (list[i] is not JsonObject role) { errors[path] = ["A role must be an object."]; continue; }
            var parsed = ParseOne(role, path, models, errors);
            if (parsed is null) continue;
            if (!seen.Add(parsed.Key)) { errors[path + ".key"] = [$"Role key '{parsed.Key}' is used twice."]; continue; }
            result.Add(parsed);
        }
        return result;
    }

    /// <summary>One role on its own (e.g. a role sent to the API); model and field names are checked against the package.</summary>
    public static RoleDefinition Parse(JsonObject role, JsonObject package)
    {
        var errors = new Dictionary<string, string[]>();
        var parsed = ParseOne(role, "", ModelFields(package), errors);
        if (errors.Count > 0 || parsed is null) throw new ValidationFailedException("The role is not valid.", errors);
        return parsed;
    }

    private static RoleDefinition? ParseOne(JsonObject role, string path, Dictionary<string, HashSet<string>?> models, IDictionary<string, string[]> errors)
    {
        string P(string s) => path.Length == 0 ? s : path + "." + s;
        var before = errors.Count;
        var key = Text(role["key"]);
        if (!IsValidKey(key)) errors[P("key")] = ["A role key is 1–50 letters, digits, '_' or '-', starting with a letter."];
        var name = Text(role["name"]);
        if (string.IsNullOrWhiteSpace(name)) errors[P("name")] = ["A role needs a name."];
        var permissions = new Dictionary<string, ModelPermission>(StringComparer.Ordinal);
        if (role["permissions"] is { } permsNode && permsNode is not JsonObject)
            errors[P("permissions")] = ["'permissions' must be an object keyed by model."];
        foreach (var (model, node) in role["permissions"] as JsonObject ?? [])
        {
            var mp = P($"permissions.{model}");
            if (!models.TryGetValue(model, out var fields)) { errors[mp] = [$"The app has no model '{model}'."]; continue; }
            if (node is not JsonObject perm) { errors[mp] = ["A model's permission must be an object."]; continue; }
            var parsed = ParsePermission(perm, mp, fields, errors);
            if (parsed is not null) permissions[model] = parsed;
        }
        return errors.Count > before ? null : new RoleDefinition(key!, name!.Trim(), Text(role["nameEn"]), permissions);
    }

    private static ModelPermission? ParsePermission(JsonObject perm, string path, HashSet<string>? modelFields, IDictionary<string, string[]> errors)
    {
        var before = errors.Count;
        var actions = new HashSet<ModelAction>();
        if (perm["actions"] is JsonArray list)
        {
            foreach (var a in list)
                if (Text(a) is { } s && ActionNames.TryGetValue(s, out var action)) actions.Add(action);
                else errors[path + ".actions"] = [$"Unknown action '{a?.ToJsonString()}'. Use {string.Join(", ", ActionNames.Keys)}."];
        }
        else if (perm["actions"] is not null) errors[path + ".actions"] = ["'actions' must be a list."];

        var scope = RowScope.Own;
        if (perm["rowScope"] is { } scopeNode && !(Text(scopeNode) is { } sn && ScopeNames.TryGetValue(sn, out scope)))
            errors[path + ".rowScope"] = [$"Unknown row scope {scopeNode.ToJsonString()}. Use {string.Join(", ", ScopeNames.Keys)}."];

        JsonObject? filter = null;
        if (scope == RowScope.Custom)
        {
            if (perm["filter"] is JsonObject f) { CheckFilter(f, path + ".filter", modelFields, errors); filter = (JsonObject)f.DeepClone(); }
            else errors[path + ".filter"] = ["A custom row scope needs a filter object."];
        }
        else if (perm["filter"] is not null) errors[path + ".filter"] = ["A filter is only used with rowScope 'custom'."];

        var fields = new Dictionary<string, FieldAccess>(StringComparer.Ordinal);
        if (perm["fields"] is { } fieldsNode && fieldsNode is not JsonObject) errors[path + ".fields"] = ["'fields' must be an object keyed by field."];
        foreach (var (field, node) in perm["fields"] as JsonObject ?? [])
        {
            if (modelFields is not null && !modelFields.Contains(field) && !SystemColumns.Contains(field))
                errors[$"{path}.fields.{field}"] = [$"The model has no field '{field}'."];
            else if (Text(node) is { } s && AccessNames.TryGetValue(s, out var access)) fields[field] = access;
            else errors[$"{path}.fields.{field}"] = [$"Unknown field access {node?.ToJsonString()}. Use hidden, readOnly or editable."];
        }
        return errors.Count > before ? null : new ModelPermission(actions, scope, filter, fields);
    }

    // The filter language of docs/filters.md; placeholders only where a value goes.
    private static void CheckFilter(JsonNode? node, string path, HashSet<string>? modelFields, IDictionary<string, string[]> errors)
    {
        if (node is not JsonObject o) { errors[path] = ["A filter must be an object."]; return; }
        if (o.ContainsKey("and") || o.ContainsKey("or"))
        {
            var group = o.ContainsKey("and") ? "and" : "or";
            if (o[group] is not JsonArray items) { errors[path] = [$"'{group}' must be a list."]; return; }
            for (var i = 0; i < items.Count; i++) CheckFilter(items[i], $"{path}.{group}[{i}]", modelFields, errors);
            return;
        }
        if (o.ContainsKey("not")) { CheckFilter(o["not"], path + ".not", modelFields, errors); return; }
        var field = Text(o["field"]);
        var op = Text(o["op"]);
        if (string.IsNullOrEmpty(field)) { errors[path] = ["A condition needs 'field' (or a group: and, or, not)."]; return; }
        if (modelFields is not null && !modelFields.Contains(field.Split('.')[0]) && !SystemColumns.Contains(field))
            errors[path + ".field"] = [$"The model has no field '{field}'."];
        if (op is null || !Operators.Contains(op)) errors[path + ".op"] = [$"Unknown operator '{op}'. Use {string.Join(", ", Operators)}."];
        foreach (var placeholder in Placeholders(o["value"]))
        {
            if (placeholder is not (CurrentUser or CurrentDepartment or CurrentDepartmentAndBelow))
                errors[path + ".value"] = [$"Unknown placeholder '{placeholder}'. Use {CurrentUser}, {CurrentDepartment} or {CurrentDepartmentAndBelow}."];
            else if (placeholder == CurrentDepartmentAndBelow && op is not ("in"))
                errors[path + ".value"] = [$"{CurrentDepartmentAndBelow} is a list: use it with op 'in'."];
        }
    }

    private static IEnumerable<string> Placeholders(JsonNode? value) => value switch
    {
        JsonArray a => a.SelectMany(Placeholders),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().StartsWith('$') => [v.GetValue<string>()],
        _ => [],
    };

    // Model key -> its field keys (null when the model lists no fields, so fields are not checked).
    private static Dictionary<string, HashSet<string>?> ModelFields(JsonObject package)
    {
        var models = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var m in package["models"] as JsonArray ?? [])
        {
            if (m is not JsonObject model || Text(model["key"]) is not { } key) continue;
            models[key] = model["fields"] is JsonArray fields
                ? fields.OfType<JsonObject>().Select(f => Text(f["key"])).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : null;
        }
        return models;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
