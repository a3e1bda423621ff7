using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>
/// The durable work queue: items are enqueued inside the transaction that decided them, claimed
/// under a lease by any node, and deleted inside the transaction that did the work. A node that dies
/// leaves a leased item whose lease runs out; the next claim takes it again.
/// </summary>
public sealed class WorkQueue(Database db, TimeProvider clock)
{
    // SQLite keeps the queue in a layout of its own; the other databases share one.
    private readonly IWorkTable _table = db.Dialect is Data.Dialects.SqliteDialect ? new SqliteWorkTable() : new SharedWorkTable(db.Dialect);
    private const string Columns = "id, kind, app, workflow_key, instance_id, payload, due_at, attempts, idempotency_key";

    private sealed class Row
    {
        public string id { get; set; } = "";
        public string kind { get; set; } = "";
        public string app { get; set; } = "";
        public string workflow_key { get; set; } = "";
        public string? instance_id { get; set; }
        public string payload { get; set; } = "{}";
        public long due_at { get; set; }
        public long attempts { get; set; }
        public string idempotency_key { get; set; } = "";
        public long seq { get; set; }
        public WorkItem ToItem() => new(id, kind, app, workflow_key, instance_id, (JsonObject)JsonNode.Parse(payload)!,
            DateTimeOffset.FromUnixTimeMilliseconds(due_at), (int)attempts, idempotency_key, seq);
    }

    /// <summary>Adds an item in the caller's transaction unless an item with the same idempotency key exists. True when added.</summary>
    public Task<bool> EnqueueAsync(WriteScope scope, string kind, string app, string workflowKey, string? instanceId,
        JsonObject payload, DateTimeOffset dueAt, string idempotencyKey, CancellationToken ct = default) =>
        _table.InsertAsync(scope, new NewWorkRow(kind, app, workflowKey, instanceId, payload.ToJsonString(), dueAt.ToUnixTimeMilliseconds(), idempotencyKey,
            clock.GetUtcNow().ToUnixTimeMilliseconds()), ct);

    /// <summary>Claims up to <paramref name="take"/> due items for <paramref name="owner"/> in a short transaction of its own.</summary>
    public async Task<IReadOnlyList<WorkItem>> ClaimAsync(string owner, int take, TimeSpan lease, CancellationToken ct = default, bool deferToRequests = true)
    {
        // Background work: on SQLite it lets request writes go first (see Database.BeginBackgroundWriteAsync).
        await using var scope = await db.BeginBackgroundWriteAsync(deferToRequests, ct);
        var now = clock.GetUtcNow();
        var rows = await scope.Connection.QueryAsync<Row>(new CommandDefinition(_table.Claim(Columns),
            new { owner, until = (now + lease).ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds(), take },
            scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        // Payloads are parsed after the commit: on SQLite the write turn is not held for it.
        return rows.Select(r => r.ToItem()).OrderBy(i => i.DueAt).ThenBy(i => i.Seq).ToList();
    }

    /// <summary>Deletes a claimed item inside the burst's transaction; false when the lease was lost to another node.</summary>
    public Task<bool> CompleteAsync(WriteScope scope, WorkItem item, string owner, CancellationToken ct = default) => _table.CompleteAsync(scope, item, owner, ct);

    /// <summary>Gives a claimed item back, due again at <paramref name="dueAt"/> (after a conflict or a transient failure).</summary>
    public async Task ReleaseAsync(WorkItem item, string owner, DateTimeOffset dueAt, CancellationToken ct = default)
    {
        await using var scope = await db.BeginBackgroundWriteAsync(defer: false, ct);
        await ReleaseAsync(scope, item, owner, dueAt, ct);
        await scope.CommitAsync(ct);
    }

    /// <summary>Gives a claimed item back inside the caller's transaction.</summary>
    public Task ReleaseAsync(WriteScope scope, WorkItem item, string owner, DateTimeOffset dueAt, CancellationToken ct = default) =>
        _table.ReleaseAsync(scope, item, owner, dueAt.ToUnixTimeMilliseconds(), ct);

    /// <summary>
    /// Deletes the items that wait on these bookmarks (their timers, and resumes already queued) by their keys
    /// ("timer:" and "resume:" + bookmark id, as Burst and the resumers make them): no scan of the queue, however long it is.
    /// </summary>
    public async Task DeleteForBookmarksAsync(WriteScope scope, IReadOnlyCollection<string> bookmarkIds, CancellationToken ct = default)
    {
        // One statement per key (an instance waits on few bookmarks; a list parameter is expanded differently per provider).
        foreach (var key in bookmarkIds.SelectMany(id => new[] { "timer:" + id, "resume:" + id }))
            await DeleteByKeyAsync(scope, key, ct);
    }

    /// <summary>Deletes the item queued under a key (a timer, a resume; never a start, whose key names a new instance).</summary>
    public Task DeleteByKeyAsync(WriteScope scope, string idempotencyKey, CancellationToken ct = default) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(_table.DeleteByKey, new { idempotencyKey }, scope.Transaction, cancellationToken: ct));

    /// <summary>Deletes not-yet-claimed items whose key starts with a prefix (re-arming schedules and date timers).</summary>
    public Task DeleteByKeyPrefixAsync(WriteScope scope, string prefix, CancellationToken ct = default) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(_table.DeleteByKeyPrefix, new { pattern = prefix + "%" }, scope.Transaction, cancellationToken: ct));

    /// <summary>Items still queued (for the admin view and tests).</summary>
    public async Task<IReadOnlyList<WorkItem>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {db.Dialect.Quote(WorkflowTables.Work)} ORDER BY due_at", cancellationToken: ct));
        return rows.Select(r => r.ToItem()).ToList();
    }
}
