using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>
/// Changes the role definitions inside an app package (so a copy of a template can adapt its
/// roles). Each change writes the package with the next version, checked against the version
/// read, so two concurrent edits cannot overwrite each other; every node sees it on its next request.
/// </summary>
public sealed class RoleDefinitionStore(Database db)
{
    private string Apps => db.Dialect.Quote("lc_apps");
    private string KeyColumn => db.Dialect.Quote("key");

    /// <summary>Adds the role or replaces the role with the same key; returns the stored definition.</summary>
    public async Task<JsonObject> PutAsync(string app, string roleKey, JsonObject role, CancellationToken ct = default)
    {
        var definition = (JsonObject)role.DeepClone();
        definition["key"] ??= roleKey;
        if (definition["key"] is not JsonValue k || !k.TryGetValue<string>(out var key) || key != roleKey)
            throw ValidationFailedException.For("key", $"The role's key must be '{roleKey}', as in the address.");
        await ChangeAsync(app, package =>
        {
            RoleDefinition.Parse(definition, package);
            var roles = AppPackage.Section(package, "roles");
            var index = IndexOf(roles, roleKey);
            if (index >= 0) roles[index] = definition.DeepClone();
            else roles.Add(definition.DeepClone());
        }, removedRole: null, ct);
        return definition;
    }

    /// <summary>Removes the role and everybody's membership of it.</summary>
    public async Task DeleteAsync(string app, string roleKey, CancellationToken ct = default) =>
        await ChangeAsync(app, package =>
        {
            var roles = AppPackage.Section(package, "roles");
            var index = IndexOf(roles, roleKey);
            if (index < 0) throw new NotFoundException($"App '{app}' defines no role '{roleKey}'.");
            roles.RemoveAt(index);
        }, removedRole: roleKey, ct);

    private async Task ChangeAsync(string app, Action<JsonObject> change, string? removedRole, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await scope.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT package, version FROM {Apps} WHERE {KeyColumn} = @app", new { app }, scope.Transaction, cancellationToken: ct))
            ?? throw new NotFoundException($"App '{app}' does not exist.");
        var version = row.version;
        var package = (JsonObject)JsonNode.Parse(row.package)!;
        change(package);
        AppPackage.Validate(package);
        var n = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Apps} SET package = @package, version = @next, updated_at = @now WHERE {KeyColumn} = @app AND version = @version",
            new { app, package = package.ToJsonString(), next = version + 1, version, now = DateTimeOffset.UtcNow }, scope.Transaction, cancellationToken: ct));
        if (n == 0) throw new ConflictException($"App '{app}' was changed by someone else meanwhile; reload and try again.");
        if (removedRole is not null)
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {db.Dialect.Quote(RoleMembershipStore.Table.Name)} WHERE app_key = @app AND role_key = @removedRole",
                new { app, removedRole }, scope.Transaction, cancellationToken: ct));
        // Cached permissions derive from the package: this process sees the change on its next request.
        scope.AfterCommit(DefinitionChanges.Of(db).Changed);
        await scope.CommitAsync(ct);
    }

    private sealed class Row
    {
        public string package { get; set; } = "";
        public long version { get; set; }
    }

    private static int IndexOf(JsonArray roles, string key)
    {
        for (var i = 0; i < roles.Count; i++)
            if (roles[i] is JsonObject r && r["key"] is JsonValue v && v.TryGetValue<string>(out var k) && k == key) return i;
        return -1;
    }
}
