using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>
/// Access from the app roles a caller holds (docs/permissions.md): actions add up over roles, row
/// scopes are OR-ed per action, a field is hidden only when every role that reads the model hides
/// it and editable when some role that writes it leaves it editable. Administrators and the system
/// see everything; a model the app does not define gives nothing. What a caller gets is kept in a
/// <see cref="ModelAccessCache"/> (a change made through another node counts within its MaxAge).
/// </summary>
public sealed class RoleAccessPolicy(Database db, RoleDefinitionCache roles, DepartmentStore departments, TimeProvider? clock = null) : IAccessPolicy
{
    private static readonly ModelAction[] WriteActions = [ModelAction.Create, ModelAction.Update];

    private readonly ModelAccessCache _cache = new(DefinitionChanges.Of(db), clock ?? TimeProvider.System);

    public Task<ModelAccess> ForModelAsync(Caller caller, string app, string model, CancellationToken ct = default) =>
        caller.IsSystem || caller.IsAdmin ? Task.FromResult(ModelAccess.Everything) : _cache.GetAsync(caller, app, model, () => ComputeAsync(caller, app, model, ct));

    private async Task<ModelAccess> ComputeAsync(Caller caller, string app, string model, CancellationToken ct)
    {
        var definitions = await roles.GetAsync(app, ct);
        if (definitions is null || !definitions.Models.Contains(model)) return ModelAccess.Nothing;

        var permissions = Permissions(caller, app, definitions, model);
        if (permissions.Count == 0) return ModelAccess.Nothing;

        // Each scope is resolved once; "and below" is read from the tree only if some scope needs it.
        Task<IReadOnlyList<string>>? below = null;
        var context = new RowScopeFilter.Context(caller.UserId, caller.DepartmentId,
            () => below ??= caller.DepartmentId is null ? Task.FromResult<IReadOnlyList<string>>([]) : departments.SelfAndBelowAsync(caller.DepartmentId, ct));
        var scopes = new Dictionary<ModelPermission, JsonNode?>();
        foreach (var p in permissions) scopes[p] = await RowScopeFilter.ForAsync(p, context);

        var actions = permissions.SelectMany(p => p.Actions).ToHashSet();
        var byAction = actions.ToDictionary(a => a, a => RowScopeFilter.AnyOf(permissions.Where(p => p.Grants(a)).Select(p => scopes[p]).ToList()));
        // Shared pool: members also read the records nobody owns (reading only; claiming is its own path).
        if (byAction.TryGetValue(ModelAction.Read, out var read) && definitions.Pools.TryGetValue(model, out var pool) && IsPoolMember(caller, app, pool))
            byAction[ModelAction.Read] = RowScopeFilter.AnyOf([read, PoolFilter()]);
        var readFilter = byAction.TryGetValue(ModelAction.Read, out var rf) ? rf : RowScopeFilter.NoRows();
        return new ModelAccess(actions, readFilter, HideRollupsOfHiddenFields(caller, app, definitions, model, CombineFields(permissions))) { ActionRowFilters = byAction };
    }

    private static List<ModelPermission> Permissions(Caller caller, string app, AppRoles definitions, string model)
    {
        var prefix = app + "/";
        return caller.Roles
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => definitions.Roles.GetValueOrDefault(r[prefix.Length..]))
            .Select(r => r?.Permissions.GetValueOrDefault(model))
            .OfType<ModelPermission>()
            .ToList();
    }

    /// <summary>
    /// A sum, min or max rollup would reveal the child field it aggregates: it is hidden from a caller who
    /// may not see that field (hidden by their roles, or the child model not readable to them). Otherwise
    /// rollups are computed over all child rows, whatever the caller's row scope (docs/permissions.md).
    /// </summary>
    private static IReadOnlyDictionary<string, FieldAccess> HideRollupsOfHiddenFields(
        Caller caller, string app, AppRoles definitions, string model, IReadOnlyDictionary<string, FieldAccess> fields)
    {
        if (!definitions.Rollups.TryGetValue(model, out var rollups)) return fields;
        Dictionary<string, FieldAccess>? result = null;
        foreach (var r in rollups)
        {
            var child = Permissions(caller, app, definitions, r.ChildModel);
            var visible = child.Any(p => p.Grants(ModelAction.Read)) && CombineFields(child).GetValueOrDefault(r.ChildField, FieldAccess.Editable) != FieldAccess.Hidden;
            if (!visible) (result ??= new Dictionary<string, FieldAccess>(fields, StringComparer.Ordinal))[r.Field] = FieldAccess.Hidden;
        }
        return result ?? fields;
    }

    /// <summary>Records in the pool: those without an owner.</summary>
    public static JsonObject PoolFilter() => new() { ["field"] = "owner", ["op"] = "isEmpty" };

    /// <summary>Whether the caller holds one of the pool's member roles in this app.</summary>
    public static bool IsPoolMember(Caller caller, string app, Models.PoolOptions pool) =>
        pool.Members.Any(m => caller.Roles.Contains(app + "/" + m));

    /// <summary>Only fields that are not editable are listed (a field not listed is editable).</summary>
    public static IReadOnlyDictionary<string, FieldAccess> CombineFields(IReadOnlyList<ModelPermission> permissions)
    {
        var readers = permissions.Where(p => p.Grants(ModelAction.Read)).ToList();
        var writers = permissions.Where(p => WriteActions.Any(p.Grants)).ToList();
        var result = new Dictionary<string, FieldAccess>(StringComparer.Ordinal);
        foreach (var field in permissions.SelectMany(p => p.Fields.Keys).Distinct(StringComparer.Ordinal))
        {
            var visible = readers.Any(p => p.Field(field) != FieldAccess.Hidden);
            var editable = writers.Any(p => p.Field(field) == FieldAccess.Editable);
            var access = !visible ? FieldAccess.Hidden : editable ? FieldAccess.Editable : FieldAccess.ReadOnly;
            if (access != FieldAccess.Editable) result[field] = access;
        }
        return result;
    }
}
