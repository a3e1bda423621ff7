using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;

namespace Platform.Runtime.Data;

/// <summary>
/// Compiled models per app, cached by the app's version number: each use checks the version (one
/// tiny indexed read, so every node sees definition changes at once) and recompiles only on change.
/// </summary>
public sealed class ModelCatalog(Database db)
{
    private readonly ConcurrentDictionary<string, CompiledApp> _apps = new();

    /// <summary>The last compiled version without asking the database (callers re-check inside their transaction).</summary>
    public CompiledApp? Cached(string app) => _apps.TryGetValue(app, out var a) ? a : null;

    public async Task<CompiledApp> GetAsync(string app, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await GetAsync(c, null, app, ct);
    }

    /// <summary>
    /// The app as of a write's transaction. The version is read through the write's kept command: every record
    /// write asks it, and on SQLite that statement then stays prepared from one write to the next.
    /// </summary>
    public async Task<CompiledApp> GetAsync(WriteScope scope, string app, CancellationToken ct = default)
    {
        var version = await scope.ScalarAsync(_versionSql, ct, ("@app", app)) ?? throw new NotFoundException($"App '{app}' does not exist.");
        if (_apps.TryGetValue(app, out var cached) && cached.Version == Convert.ToInt64(version)) return cached;
        return await GetAsync(scope.Connection, scope.Transaction, app, ct);
    }

    private readonly string _versionSql = $"SELECT version FROM {db.Dialect.Quote("lc_apps")} WHERE {db.Dialect.Quote("key")} = @app";

    public async Task<CompiledApp> GetAsync(DbConnection c, DbTransaction? tx, string app, CancellationToken ct = default)
    {
        var version = await c.ExecuteScalarAsync<long?>(new CommandDefinition(_versionSql, new { app }, tx, cancellationToken: ct))
            ?? throw new NotFoundException($"App '{app}' does not exist.");
        if (_apps.TryGetValue(app, out var cached) && cached.Version == version) return cached;
        var row = await c.QuerySingleAsync<(string package, long version)>(new CommandDefinition(
            $"SELECT package, version FROM {db.Dialect.Quote("lc_apps")} WHERE {db.Dialect.Quote("key")} = @app", new { app }, tx, cancellationToken: ct));
        var compiled = Compile(app, row.version, (JsonObject)JsonNode.Parse(row.package)!);
        _apps[app] = compiled;
        return compiled;
    }

    public CompiledApp Compile(string app, long version, JsonObject package)
    {
        var models = AppModels.Parse(package["models"] as JsonArray);
        return new CompiledApp(app, version, package, models.ToDictionary(m => m.Key, m => new CompiledModel(app, version, m.Value, db.Dialect)));
    }
}
