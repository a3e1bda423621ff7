using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Runtime.Tasks;

/// <summary>
/// Records locked while an approval runs on them: users cannot change or delete them; only the workflow
/// (which writes as the system) can, so the approval's own outcome steps still apply.
/// </summary>
public static class RecordLocks
{
    private static string Table(ISqlDialect d) => d.Quote(TaskTables.Locks);

    /// <summary>The one call the record store makes before an update or delete.</summary>
    public static async Task CheckAsync(WriteScope scope, ISqlDialect dialect, string app, string model, string id, Caller caller, CancellationToken ct)
    {
        if (caller.UserId == Caller.System.UserId) return;
        var reason = await scope.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT reason FROM {Table(dialect)} WHERE app = @app AND model = @model AND record_id = @id", new { app, model, id }, scope.Transaction, cancellationToken: ct));
        if (reason is not null)
            throw new ConflictException($"This record is locked while it is under approval ({reason}); it changes only through the approval.");
    }

    public static async Task LockAsync(WriteScope scope, ISqlDialect dialect, string app, string model, string id, string instanceId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var holder = await scope.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT instance_id FROM {Table(dialect)} WHERE app = @app AND model = @model AND record_id = @id", new { app, model, id }, scope.Transaction, cancellationToken: ct));
        if (holder == instanceId) return;
        if (holder is not null) throw new ConflictException($"The {model} record '{id}' is already under approval (workflow instance {holder}).");
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Table(dialect)} (app, model, record_id, instance_id, reason, locked_at) VALUES (@app, @model, @id, @instanceId, @reason, @now)",
            new { app, model, id, instanceId, reason, now = now.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
    }

    public static Task UnlockAsync(WriteScope scope, ISqlDialect dialect, string app, string model, string id, string instanceId, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {Table(dialect)} WHERE app = @app AND model = @model AND record_id = @id AND instance_id = @instanceId",
            new { app, model, id, instanceId }, scope.Transaction, cancellationToken: ct));

    public static async Task<bool> IsLockedAsync(Database db, string app, string model, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Table(db.Dialect)} WHERE app = @app AND model = @model AND record_id = @id", new { app, model, id }, cancellationToken: ct)) > 0;
    }
}
