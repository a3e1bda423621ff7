using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>The parsed roles and model keys of one version of an app, and the shared pools of its models.</summary>
public sealed record AppRoles(long Version, IReadOnlySet<string> Models, IReadOnlyDictionary<string, RoleDefinition> Roles)
{
    /// <summary>Model key -> its pool option (models without a pool are not listed).</summary>
    public IReadOnlyDictionary<string, Models.PoolOptions> Pools { get; init; } = new Dictionary<string, Models.PoolOptions>();

    /// <summary>Model key -> its rollups that aggregate a field of another model (sum, min, max; counts read no field).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RollupSource>> Rollups { get; init; } = new Dictionary<string, IReadOnlyList<RollupSource>>();
}

/// <summary>A rollup field and the child model's field it aggregates.</summary>
public sealed record RollupSource(string Field, string ChildModel, string ChildField);

/// <summary>
/// Role definitions parsed once per app version. Each lookup costs one primary-key read of the
/// app's version, so every node sees a changed package on its next request.
/// </summary>
public sealed class RoleDefinitionCache(Database db, AppStore apps)
{
    private readonly ConcurrentDictionary<string, AppRoles> _cache = new(StringComparer.Ordinal);

    /// <summary>The app's roles, or null when the app does not exist.</summary>
    public async Task<AppRoles?> GetAsync(string app, CancellationToken ct = default)
    {
        long? version;
        await using (var c = await db.OpenAsync(ct))
            version = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"SELECT version FROM {db.Dialect.Quote("lc_apps")} WHERE {db.Dialect.Quote("key")} = @app", new { app }, cancellationToken: ct));
        if (version is null) { _cache.TryRemove(app, out _); return null; }
        if (_cache.TryGetValue(app, out var cached) && cached.Version == version) return cached;

        JsonObject package;
        try { package = await apps.GetPackageAsync(app, ct); }
        catch (NotFoundException) { return null; }
        IReadOnlyList<RoleDefinition> roles;
        // A stored package with broken roles grants nothing rather than failing every request.
        try { roles = RoleDefinition.ParseAll(package); }
        catch (ValidationFailedException) { roles = []; }
        var models = (package["models"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(m => m["key"] is JsonValue v && v.TryGetValue<string>(out var k) ? k : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var pools = new Dictionary<string, Models.PoolOptions>(StringComparer.Ordinal);
        foreach (var m in (package["models"] as JsonArray ?? []).OfType<JsonObject>())
            if (m["key"] is JsonValue kv && kv.TryGetValue<string>(out var mk) && Models.PoolOptions.Parse(m["pool"], "pool", (_, _) => { }) is { } pool)
                pools[mk] = pool;
        var entry = new AppRoles(version.Value, models, roles.ToDictionary(r => r.Key, StringComparer.Ordinal)) { Pools = pools, Rollups = RollupSources(package) };
        _cache[app] = entry;
        return entry;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The rollups of each model that read a child field, from the stored (already validated) package.</summary>
    private static Dictionary<string, IReadOnlyList<RollupSource>> RollupSources(JsonObject package)
    {
        var result = new Dictionary<string, IReadOnlyList<RollupSource>>(StringComparer.Ordinal);
        foreach (var m in (package["models"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(m["key"]) is not { } key) continue;
            var fields = (m["fields"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var list = new List<RollupSource>();
            foreach (var f in fields)
            {
                if (f["rollup"] is not JsonObject r || Text(f["key"]) is not { } field || Text(r["field"]) is not { } childField || Text(r["op"]) == "count") continue;
                var relation = fields.FirstOrDefault(x => Text(x["key"]) == Text(r["relation"]))?["relation"];
                if (Text(relation?["model"]) is { } child) list.Add(new RollupSource(field, child, childField));
            }
            if (list.Count > 0) result[key] = list;
        }
        return result;
    }
}
