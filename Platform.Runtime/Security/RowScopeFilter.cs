using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Security;

/// <summary>
/// Turns a role's row scope into a filter of docs/filters.md, fully resolved for one caller:
/// no placeholder is left, so the records engine compiles it like any other filter.
/// </summary>
public static class RowScopeFilter
{
    /// <summary>Matches no row: "not (empty and)", since an empty and matches every row.</summary>
    public static JsonObject NoRows() => new() { ["not"] = new JsonObject { ["and"] = new JsonArray() } };

    public static bool IsNoRows(JsonNode? filter) =>
        filter is JsonObject o && o.Count == 1 && o["not"] is JsonObject n && n.Count == 1 && n["and"] is JsonArray { Count: 0 };

    /// <summary>The caller's facts a scope is resolved with; "and below" is looked up only when a scope needs it.</summary>
    public sealed record Context(string UserId, string? DepartmentId, Func<Task<IReadOnlyList<string>>> DepartmentAndBelow);

    /// <summary>The filter of one scope; null means every row.</summary>
    public static async Task<JsonNode?> ForAsync(ModelPermission permission, Context caller) => permission.RowScope switch
    {
        RowScope.All => null,
        RowScope.Own => Condition("owner", "eq", JsonValue.Create(caller.UserId)),
        RowScope.Department => caller.DepartmentId is null ? NoRows() : Condition("department", "eq", JsonValue.Create(caller.DepartmentId)),
        RowScope.DepartmentAndBelow => caller.DepartmentId is null ? NoRows()
            : Condition("department", "in", new JsonArray((await caller.DepartmentAndBelow()).Select(id => (JsonNode?)JsonValue.Create(id)).ToArray())),
        RowScope.Custom => await ResolveAsync(permission.Filter!, caller),
        _ => NoRows(),
    };

    /// <summary>
    /// Any of the filters (roles add up). Null (every row) wins; filters matching no row drop out;
    /// when nothing is left the result matches no row.
    /// </summary>
    public static JsonNode? AnyOf(IReadOnlyCollection<JsonNode?> filters)
    {
        if (filters.Count == 0) return NoRows();
        if (filters.Any(f => f is null)) return null;
        var distinct = filters.Where(f => !IsNoRows(f)).DistinctBy(f => f!.ToJsonString()).ToList();
        return distinct.Count switch
        {
            0 => NoRows(),
            1 => distinct[0]!.DeepClone(),
            _ => new JsonObject { ["or"] = new JsonArray(distinct.Select(f => f!.DeepClone()).ToArray()) },
        };
    }

    /// <summary>
    /// Replaces $currentUser, $currentDepartment and $currentDepartmentAndBelow (spliced into lists).
    /// A caller without a department gets no rows from a filter that names their department.
    /// </summary>
    public static async Task<JsonNode> ResolveAsync(JsonObject filter, Context caller)
    {
        var text = filter.ToJsonString();
        var needsDepartment = text.Contains(RoleDefinition.CurrentDepartment, StringComparison.Ordinal);
        if (needsDepartment && caller.DepartmentId is null) return NoRows();
        IReadOnlyList<string> below = text.Contains(RoleDefinition.CurrentDepartmentAndBelow, StringComparison.Ordinal)
            ? await caller.DepartmentAndBelow() : [];
        return Replace(filter, caller, below)!;
    }

    private static JsonNode? Replace(JsonNode? node, Context caller, IReadOnlyList<string> below) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Replace(p.Value, caller, below)))),
        JsonArray a => new JsonArray(a.SelectMany(item => item is JsonValue v && Placeholder(v) == RoleDefinition.CurrentDepartmentAndBelow
            ? below.Select(id => (JsonNode?)JsonValue.Create(id))
            : [Replace(item, caller, below)]).ToArray()),
        JsonValue v => Placeholder(v) switch
        {
            RoleDefinition.CurrentUser => JsonValue.Create(caller.UserId),
            RoleDefinition.CurrentDepartment => JsonValue.Create(caller.DepartmentId),
            RoleDefinition.CurrentDepartmentAndBelow => new JsonArray(below.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            _ => v.DeepClone(),
        },
        _ => null,
    };

    private static string? Placeholder(JsonValue v) =>
        v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var s && s.StartsWith('$') ? s : null;

    private static JsonObject Condition(string field, string op, JsonNode? value) =>
        new() { ["field"] = field, ["op"] = op, ["value"] = value };
}
