using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Decisions;

/// <summary>Reads the decision tables of an app's package (section "decisionTables"), inside a caller's transaction or on its own connection.</summary>
public sealed class AppDecisionTables(Database db)
{
    private string Sql => $"SELECT package FROM {db.Dialect.Quote("lc_apps")} WHERE {db.Dialect.Quote("key")} = @app";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string app, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var json = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Sql, new { app }, cancellationToken: ct))
            ?? throw new NotFoundException($"App '{app}' does not exist.");
        return Section(json);
    }

    /// <summary>The table with this key; <see cref="NotFoundException"/> when the app has none.</summary>
    public async Task<DecisionTable> GetAsync(WriteScope? scope, string app, string key, CancellationToken ct = default)
    {
        string? json;
        if (scope is not null)
            json = await scope.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Sql, new { app }, scope.Transaction, cancellationToken: ct));
        else
        {
            await using var c = await db.OpenAsync(ct);
            json = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Sql, new { app }, cancellationToken: ct));
        }
        if (json is null) throw new NotFoundException($"App '{app}' does not exist.");
        var found = Section(json).FirstOrDefault(t => (t["key"] as JsonValue)?.ToString() == key)
            ?? throw new NotFoundException($"App '{app}' has no decision table '{key}'.");
        return DecisionTable.Parse(found);
    }

    /// <summary>The keys of the app's tables, read in the caller's transaction.</summary>
    public async Task<IReadOnlyCollection<string>> KeysAsync(WriteScope scope, string app, CancellationToken ct = default)
    {
        var json = await scope.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Sql, new { app }, scope.Transaction, cancellationToken: ct));
        return json is null ? [] : Keys(JsonNode.Parse(json) as JsonObject);
    }

    /// <summary>The keys of the tables in a package's "decisionTables" section.</summary>
    public static IReadOnlyCollection<string> Keys(JsonObject? package) => Keys((package?["decisionTables"] as JsonArray ?? []).OfType<JsonObject>());

    public static IReadOnlyCollection<string> Keys(IEnumerable<JsonObject> tables) =>
        tables.Select(t => t["key"] is JsonValue k && k.TryGetValue<string>(out var key) ? key : null).OfType<string>().ToHashSet();

    private static List<JsonObject> Section(string package) =>
        ((JsonNode.Parse(package) as JsonObject)?["decisionTables"] as JsonArray ?? []).OfType<JsonObject>().ToList();
}
