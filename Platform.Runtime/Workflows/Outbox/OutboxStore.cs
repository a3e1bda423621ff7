using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Outbox;

/// <summary>One side effect waiting to leave the database (or already delivered).</summary>
public sealed record OutboxMessage(string Id, string? InstanceId, string? BookmarkId, string Channel, string Status,
    JsonObject Payload, string IdempotencyKey, int Attempts, string? LastError);

/// <summary>
/// The outbox: messages are written in the transaction that decided them and delivered afterwards,
/// at least once, each with its idempotency key; a delivered message is marked and never sent again.
/// </summary>
public sealed class OutboxStore(Database db, TimeProvider clock)
{
    private readonly WorkQueueSql _sql = new(db.Dialect);
    private string Table => db.Dialect.Quote(WorkflowTables.Outbox);
    private const string Columns = "id, instance_id, bookmark_id, channel, status, payload, idempotency_key, attempts, last_error";
    private static readonly string[] InsertColumns = ["id", "instance_id", "bookmark_id", "channel", "status", "payload", "idempotency_key", "due_at", "attempts", "created_at"];

    private sealed class Row
    {
        public string id { get; set; } = "";
        public string? instance_id { get; set; }
        public string? bookmark_id { get; set; }
        public string channel { get; set; } = "";
        public string status { get; set; } = "";
        public string payload { get; set; } = "{}";
        public string idempotency_key { get; set; } = "";
        public long attempts { get; set; }
        public string? last_error { get; set; }
        public OutboxMessage ToMessage() => new(id, instance_id, bookmark_id, channel, status, (JsonObject)JsonNode.Parse(payload)!, idempotency_key, (int)attempts, last_error);
    }

    public async Task<string> EnqueueAsync(WriteScope scope, string? instanceId, string? bookmarkId, string channel, JsonObject payload,
        string idempotencyKey, DateTimeOffset now, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7().ToString();
        await scope.Connection.ExecuteAsync(new CommandDefinition(_sql.InsertIfNew(WorkflowTables.Outbox, InsertColumns), new
        {
            id, instance_id = instanceId, bookmark_id = bookmarkId, channel, status = "pending", payload = payload.ToJsonString(),
            idempotency_key = idempotencyKey, due_at = now.ToUnixTimeMilliseconds(), attempts = 0L, created_at = now.ToUnixTimeMilliseconds(),
        }, scope.Transaction, cancellationToken: ct));
        return id;
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, int take, TimeSpan lease, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // Most rounds have nothing to send: look first without taking a write turn.
        await using (var c = await db.OpenAsync(ct))
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    $"SELECT COUNT(*) FROM {Table} WHERE status = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until < @now)",
                    new { now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 0)
                return [];
        await using var scope = await db.BeginBackgroundWriteAsync(defer: false, ct);
        var rows = await scope.Connection.QueryAsync<Row>(new CommandDefinition(_sql.Claim(WorkflowTables.Outbox, Columns, " AND status = 'pending'"),
            new { owner, until = (now + lease).ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds(), take },
            scope.Transaction, cancellationToken: ct));
        var list = rows.Select(r => r.ToMessage()).ToList();
        await scope.CommitAsync(ct);
        return list;
    }

    /// <summary>Marks a message delivered (or finally failed) in the caller's transaction; false when another node already did.</summary>
    public async Task<bool> FinishAsync(WriteScope scope, OutboxMessage message, string owner, string status, string? error, CancellationToken ct = default) =>
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Table} SET status = @status, delivered_at = @now, last_error = @error, lease_owner = NULL, lease_until = NULL " +
            "WHERE id = @id AND lease_owner = @owner AND status = 'pending'",
            new { id = message.Id, owner, status, error, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct)) > 0;

    /// <summary>A failed attempt: the message is due again after a back-off.</summary>
    public async Task RetryLaterAsync(OutboxMessage message, string owner, string error, TimeSpan backoff, CancellationToken ct = default)
    {
        await using var scope = await db.BeginBackgroundWriteAsync(defer: false, ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Table} SET last_error = @error, lease_owner = NULL, lease_until = NULL, due_at = @due WHERE id = @id AND lease_owner = @owner",
            new { id = message.Id, owner, error, due = (clock.GetUtcNow() + backoff).ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(string? instanceId = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Table}" + (instanceId is null ? "" : " WHERE instance_id = @instanceId") + " ORDER BY created_at",
            new { instanceId }, cancellationToken: ct));
        return rows.Select(r => r.ToMessage()).ToList();
    }
}
