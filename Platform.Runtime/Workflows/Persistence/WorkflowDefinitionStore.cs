using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>
/// Workflow definitions per app, one row per version (draft, published, retired). The app package's
/// "workflows" section holds the latest definition so export, import and copy carry workflows along.
/// Published and retired versions never change, so they are cached by (app, key, version).
/// </summary>
public sealed class WorkflowDefinitionStore(Database db, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string, string, long), WorkflowDefinition> _versions = new();
    private string Table => db.Dialect.Quote(WorkflowTables.Definitions);

    private sealed class Row
    {
        public string app { get; set; } = "";
        public string workflow_key { get; set; } = "";
        public long version { get; set; }
        public string status { get; set; } = "";
        public string? name { get; set; }
        public string? trigger_type { get; set; }
        public string definition { get; set; } = "";
        public long? published_at { get; set; }
    }

    private const string Columns = "app, workflow_key, version, status, name, trigger_type, definition, published_at";

    /// <summary>Saves a draft: replaces the current draft, or opens a new version after the published one.</summary>
    public async Task<(long Version, WorkflowDefinition Definition)> SaveDraftAsync(string app, JsonObject json, CancellationToken ct = default)
    {
        HashWebhookSecret(json);
        var definition = WorkflowDefinition.Parse(json);
        await using var scope = await db.BeginWriteAsync(ct);
        await RequireAppAsync(scope, app, ct);
        var latest = await LatestAsync(scope, app, definition.Key, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        long version;
        if (latest is { status: "draft" })
        {
            version = latest.version;
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Table} SET definition = @definition, name = @name, trigger_type = @trigger, created_at = @now WHERE app = @app AND workflow_key = @key AND version = @version",
                new { definition = json.ToJsonString(), name = definition.Name, trigger = definition.TriggerType, now, app, key = definition.Key, version }, scope.Transaction, cancellationToken: ct));
        }
        else
        {
            version = (latest?.version ?? 0) + 1;
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {Table} (app, workflow_key, version, status, name, trigger_type, definition, created_at) VALUES (@app, @key, @version, 'draft', @name, @trigger, @definition, @now)",
                new { app, key = definition.Key, version, name = definition.Name, trigger = definition.TriggerType, definition = json.ToJsonString(), now }, scope.Transaction, cancellationToken: ct));
        }
        await WriteToPackageAsync(scope, app, json, ct);
        await scope.CommitAsync(ct);
        return (version, definition);
    }

    /// <summary>The current draft of a workflow, for publishing; null when there is none.</summary>
    public async Task<(long Version, WorkflowDefinition Definition)?> DraftAsync(WriteScope scope, string app, string key, CancellationToken ct)
    {
        var latest = await LatestAsync(scope, app, key, ct);
        return latest is { status: "draft" } ? (latest.version, Parse(latest.definition)) : null;
    }

    /// <summary>Marks a version published and the previous published one retired (instances on it keep running).</summary>
    public async Task MarkPublishedAsync(WriteScope scope, string app, string key, long version, CancellationToken ct)
    {
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Table} SET status = 'retired' WHERE app = @app AND workflow_key = @key AND status = 'published'",
            new { app, key }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Table} SET status = 'published', published_at = @now WHERE app = @app AND workflow_key = @key AND version = @version",
            new { app, key, version, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<WorkflowSummary>> ListAsync(string app, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Table} WHERE app = @app ORDER BY workflow_key, version", new { app }, cancellationToken: ct))).ToList();
        return rows.GroupBy(r => r.workflow_key).Select(g =>
        {
            var latest = g.Last();
            var published = g.LastOrDefault(r => r.status == "published");
            return new WorkflowSummary(g.Key, latest.name ?? g.Key, latest.trigger_type, latest.version, latest.status, published?.version,
                published?.published_at is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null);
        }).ToList();
    }

    /// <summary>The latest definition JSON (draft or published) with its version and status.</summary>
    public async Task<(long Version, string Status, JsonObject Json)> GetLatestAsync(string app, string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Table} WHERE app = @app AND workflow_key = @key ORDER BY version DESC", new { app, key }, cancellationToken: ct))
            ?? throw new NotFoundException($"Workflow '{key}' does not exist in app '{app}'.");
        return (row.version, row.status, (JsonObject)JsonNode.Parse(row.definition)!);
    }

    /// <summary>A definition by version (instances run on the version they started on).</summary>
    public async Task<WorkflowDefinition> GetVersionAsync(string app, string key, long version, CancellationToken ct = default)
    {
        if (_versions.TryGetValue((app, key, version), out var cached)) return cached;
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Table} WHERE app = @app AND workflow_key = @key AND version = @version", new { app, key, version }, cancellationToken: ct))
            ?? throw new NotFoundException($"Workflow '{key}' version {version} does not exist in app '{app}'.");
        var definition = Parse(row.definition);
        if (row.status != "draft") _versions[(app, key, version)] = definition;
        return definition;
    }

    /// <summary>Every published workflow of every app (the trigger catalog's source).</summary>
    public async Task<IReadOnlyList<PublishedWorkflow>> AllPublishedAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {Table} WHERE status = 'published'", cancellationToken: ct));
        return rows.Select(r =>
        {
            var definition = _versions.GetOrAdd((r.app, r.workflow_key, r.version), _ => Parse(r.definition));
            return new PublishedWorkflow(r.app, r.workflow_key, r.version, definition);
        }).ToList();
    }

    /// <summary>A cheap fingerprint of what is published, so every node notices another node's publish.</summary>
    public async Task<string> PublishedFingerprintAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleAsync<(long Count, long? Max)>(new CommandDefinition(
            $"SELECT COUNT(*), MAX(published_at) FROM {Table} WHERE status = 'published'", cancellationToken: ct));
        return $"{row.Count}:{row.Max}";
    }

    private static WorkflowDefinition Parse(string json) => WorkflowDefinition.Parse((JsonObject)JsonNode.Parse(json)!);

    private async Task<Row?> LatestAsync(WriteScope scope, string app, string key, CancellationToken ct) =>
        await scope.Connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Table} WHERE app = @app AND workflow_key = @key ORDER BY version DESC", new { app, key }, scope.Transaction, cancellationToken: ct));

    private async Task RequireAppAsync(WriteScope scope, string app, CancellationToken ct)
    {
        var n = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {db.Dialect.Quote("lc_apps")} WHERE {db.Dialect.Quote("key")} = @app", new { app }, scope.Transaction, cancellationToken: ct));
        if (n == 0) throw new NotFoundException($"App '{app}' does not exist.");
    }

    // The package is the app's export: keep its "workflows" section equal to the latest definitions.
    private async Task WriteToPackageAsync(WriteScope scope, string app, JsonObject json, CancellationToken ct)
    {
        var apps = db.Dialect.Quote("lc_apps");
        var keyCol = db.Dialect.Quote("key");
        var packageJson = await scope.Connection.QuerySingleAsync<string>(new CommandDefinition(
            $"SELECT package FROM {apps} WHERE {keyCol} = @app", new { app }, scope.Transaction, cancellationToken: ct));
        var package = (JsonObject)JsonNode.Parse(packageJson)!;
        var section = Apps.AppPackage.Section(package, "workflows");
        var key = json["key"]!.GetValue<string>();
        var existing = section.Select((n, i) => (n, i)).FirstOrDefault(p => p.n?["key"]?.GetValue<string>() == key);
        if (existing.n is not null) section[existing.i] = json.DeepClone();
        else section.Add(json.DeepClone());
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {apps} SET package = @package, version = version + 1, updated_at = @now WHERE {keyCol} = @app",
            new { package = package.ToJsonString(), now = clock.GetUtcNow(), app }, scope.Transaction, cancellationToken: ct));
    }

    /// <summary>A webhook secret is kept only as a hash: the plain secret never lands in the database or an export.</summary>
    public static void HashWebhookSecret(JsonObject json)
    {
        if (json["trigger"] is JsonObject trigger && trigger["secret"] is JsonValue v && v.TryGetValue<string>(out var secret) && secret.Length > 0)
        {
            trigger.Remove("secret");
            trigger["secretHash"] = SecretHash(secret);
        }
    }

    public static string SecretHash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();
}
