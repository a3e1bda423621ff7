using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Models;

namespace Platform.Runtime.Apps;

/// <summary>The outcome of saving a model: the migration steps (applied unless it was a dry run) and the app's new version.</summary>
public sealed record ModelSaveResult(bool Applied, bool Created, IReadOnlyList<MigrationStep> Steps, long Version, JsonObject Model);

/// <summary>
/// Installed apps, each stored as its package JSON with a version that grows on every change. The
/// tables of an app's models are created and migrated in the same transaction as the package.
/// </summary>
public sealed class AppStore(Database db, Expressions.IExpressionEvaluator? evaluator = null)
{
    // Decision table examples are checked whenever a package is saved (cells may hold expressions).
    private readonly Decisions.DecisionTableEvaluator _decisions = new(evaluator ?? new Expressions.JintExpressionEvaluator());
    private readonly ModelMigrator _migrator = new(db.Dialect);

    private string Apps => db.Dialect.Quote("lc_apps");
    private string KeyColumn => db.Dialect.Quote("key");

    private sealed class Row
    {
        public string key { get; set; } = "";
        public string name { get; set; } = "";
        public string? template_key { get; set; }
        public long version { get; set; }
        public object updated_at { get; set; } = "";
    }

    public async Task<IReadOnlyList<AppSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {KeyColumn} AS key, name, template_key, version, updated_at FROM {Apps} ORDER BY name", cancellationToken: ct));
        return rows.Select(r => new AppSummary(r.key, r.name, r.template_key, r.version, ToInstant(r.updated_at))).ToList();
    }

    public async Task<JsonObject> GetPackageAsync(string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var json = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT package FROM {Apps} WHERE {KeyColumn} = @key", new { key }, cancellationToken: ct));
        return json is null ? throw new NotFoundException($"App '{key}' does not exist.") : (JsonObject)JsonNode.Parse(json)!;
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Apps} WHERE {KeyColumn} = @key", new { key }, cancellationToken: ct)) > 0;
    }

    /// <summary>Installs a package as a new app. The key must be free.</summary>
    public async Task<AppSummary> ImportAsync(JsonObject package, string? templateKey, CancellationToken ct = default)
    {
        AppPackage.Validate(package);
        _decisions.ValidatePackage(package);
        var models = AppModels.Parse(package["models"] as JsonArray);
        var key = package["key"]!.GetValue<string>();
        var name = package["name"]!.GetValue<string>();
        if (templateKey is not null) package["templateKey"] = templateKey;
        var now = DateTimeOffset.UtcNow;
        await using var scope = await db.BeginWriteAsync(ct);
        var taken = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Apps} WHERE {KeyColumn} = @key", new { key }, scope.Transaction, cancellationToken: ct));
        if (taken > 0) throw ValidationFailedException.For("key", $"An app with key '{key}' already exists.");
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Apps} ({KeyColumn}, name, template_key, package, version, created_at, updated_at) VALUES (@key, @name, @templateKey, @package, 1, @now, @now)",
            new { key, name, templateKey, package = package.ToJsonString(), now }, scope.Transaction, cancellationToken: ct));
        foreach (var model in models.Values)
            foreach (var sql in ModelTable.CreateStatements(db.Dialect, key, model))
                await scope.Connection.ExecuteAsync(new CommandDefinition(sql, transaction: scope.Transaction, cancellationToken: ct));
        // Cached permissions derive from the package: this process sees the change on its next request.
        scope.AfterCommit(DefinitionChanges.Of(db).Changed);
        await scope.CommitAsync(ct);
        return new AppSummary(key, name, templateKey, 1, now);
    }

    /// <summary>A new app with the definitions of an existing one; the copy remembers where it came from.</summary>
    public async Task<AppSummary> CopyAsync(string sourceKey, string newKey, string newName, CancellationToken ct = default)
    {
        var package = await GetPackageAsync(sourceKey, ct);
        var templateKey = package["templateKey"]?.GetValue<string>();
        package["key"] = newKey;
        package["name"] = newName;
        package["copiedFrom"] = sourceKey;
        return await ImportAsync(package, templateKey, ct);
    }

    /// <summary>
    /// Saves one model definition into the app package and migrates its table in the same
    /// transaction; with <paramref name="dryRun"/> only plans (and checks the data) and changes nothing.
    /// </summary>
    public async Task<ModelSaveResult> SaveModelAsync(string appKey, string modelKey, JsonObject model, bool dryRun, CancellationToken ct = default)
    {
        if (model["key"] is null) model["key"] = modelKey;
        if (model["key"] is not JsonValue k || !k.TryGetValue<string>(out var givenKey) || givenKey != modelKey)
            throw ValidationFailedException.For("key", $"The model key in the body must be '{modelKey}'.");
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await scope.Connection.QuerySingleOrDefaultAsync<(string package, long version)?>(new CommandDefinition(
            $"SELECT package, version FROM {Apps} WHERE {KeyColumn} = @appKey", new { appKey }, scope.Transaction, cancellationToken: ct))
            ?? throw new NotFoundException($"App '{appKey}' does not exist.");
        var package = (JsonObject)JsonNode.Parse(row.package)!;
        var oldModels = AppModels.Parse(package["models"] as JsonArray);
        var list = AppPackage.Section(package, "models");
        var index = list.Select((m, i) => (m, i)).FirstOrDefault(x => (x.m as JsonObject)?["key"]?.GetValue<string>() == modelKey).i;
        var exists = oldModels.ContainsKey(modelKey);
        if (exists) list[index] = model.DeepClone();
        else list.Add(model.DeepClone());
        IReadOnlyDictionary<string, ModelDefinition> newModels;
        try { newModels = AppModels.Parse(list); }
        catch (ValidationFailedException e)
        {
            // Report problems of the saved model relative to its own JSON.
            var prefix = $"models[{(exists ? index : list.Count - 1)}].";
            throw new ValidationFailedException(e.Message, e.Errors.ToDictionary(x => x.Key.StartsWith(prefix) ? x.Key[prefix.Length..] : x.Key, x => x.Value));
        }
        var poolErrors = new Dictionary<string, string[]>();
        Models.PoolOptions.CheckMembers(package, poolErrors);
        if (poolErrors.Count > 0)
        {
            var prefix = $"models[{(exists ? index : list.Count - 1)}].";
            throw new ValidationFailedException("The model definition is not valid.", poolErrors.ToDictionary(x => x.Key.StartsWith(prefix) ? x.Key[prefix.Length..] : x.Key, x => x.Value));
        }
        var steps = await _migrator.PlanAsync(scope, appKey, exists ? oldModels[modelKey] : null, newModels[modelKey], ct);
        if (dryRun) return new ModelSaveResult(false, !exists, steps, row.version, model);
        await ModelMigrator.ApplyAsync(scope, steps, ct);
        var updated = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Apps} SET package = @package, version = version + 1, updated_at = @now WHERE {KeyColumn} = @appKey AND version = @version",
            new { package = package.ToJsonString(), now = DateTimeOffset.UtcNow, appKey, row.version }, scope.Transaction, cancellationToken: ct));
        if (updated == 0) throw new ConflictException("The app was changed at the same time; reload and try again.");
        // Cached permissions derive from the package: this process sees the change on its next request.
        scope.AfterCommit(DefinitionChanges.Of(db).Changed);
        await scope.CommitAsync(ct);
        return new ModelSaveResult(true, !exists, steps, row.version + 1, model);
    }

    /// <summary>
    /// Puts one definition (matched by its "key") into a section of the app's package, replacing the one
    /// with the same key or appending it, and bumps the app's version; all in one write transaction.
    /// <paramref name="validate"/> sees the current package and throws to refuse the change.
    /// </summary>
    public async Task SaveDefinitionAsync(string app, string section, JsonObject definition, Action<JsonObject>? validate = null, CancellationToken ct = default)
    {
        if (!AppPackage.Sections.Contains(section)) throw new ArgumentException($"Unknown package section '{section}'.", nameof(section));
        var key = definition["key"]?.GetValue<string>() ?? throw ValidationFailedException.For("key", "The definition needs a key.");
        await using var scope = await db.BeginWriteAsync(ct);
        var json = await scope.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT package FROM {Apps} WHERE {KeyColumn} = @app", new { app }, scope.Transaction, cancellationToken: ct))
            ?? throw new NotFoundException($"App '{app}' does not exist.");
        var package = (JsonObject)JsonNode.Parse(json)!;
        // Checked against the package as it is inside the transaction, so a concurrent change cannot slip between.
        validate?.Invoke(package);
        if (section == "decisionTables") _decisions.ValidatePackage(new JsonObject { ["decisionTables"] = new JsonArray(definition.DeepClone()) });
        var list = AppPackage.Section(package, section);
        var index = list.Select((d, i) => (d, i)).FirstOrDefault(x => (x.d?["key"] as JsonValue)?.GetValue<string>() == key, (null, -1)).Item2;
        if (index >= 0) list[index] = definition.DeepClone();
        else list.Add(definition.DeepClone());
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Apps} SET package = @package, version = version + 1, updated_at = @now WHERE {KeyColumn} = @app",
            new { app, package = package.ToJsonString(), now = DateTimeOffset.UtcNow }, scope.Transaction, cancellationToken: ct));
        // Cached permissions derive from the package: this process sees the change on its next request.
        scope.AfterCommit(DefinitionChanges.Of(db).Changed);
        await scope.CommitAsync(ct);
    }

    private static DateTimeOffset ToInstant(object value) => value switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Unexpected timestamp {value.GetType()}"),
    };
}
