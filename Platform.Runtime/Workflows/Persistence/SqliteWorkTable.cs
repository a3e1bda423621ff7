using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>
/// The work queue's own layout on SQLite, where every page a record create writes is a WAL frame.
/// Rows live in the rowid tree under <c>seq</c>. A start of a new instance (what a record trigger queues)
/// gets a positive seq, one above the highest: it is appended to that one tree and touches no index,
/// because both indexes are partial over negative seq. Every other item (timers, resumes, retries, and
/// starts given back after a failure) gets a negative seq, below the lowest, and is found by the unique
/// index on its idempotency key and the due-time index. Start keys need no uniqueness check: each names
/// a freshly made instance id, and the engine skips a start whose instance already exists.
/// The claim takes the oldest positive rows (queued now, so due in seq order) and the due negative ones.
/// </summary>
public sealed class SqliteWorkTable : IWorkTable
{
    private const string Table = "\"" + WorkflowTables.Work + "\"";
    private const string Rebuilt = "\"lc_wf_work_rebuilt\"";
    private const string Columns = "id, kind, app, workflow_key, instance_id, payload, due_at, lease_owner, lease_until, attempts, idempotency_key, created_at";

    private static string CreateTable(string name) =>
        $"CREATE TABLE IF NOT EXISTS {name} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, app TEXT NOT NULL, " +
        "workflow_key TEXT NOT NULL, instance_id TEXT, payload TEXT NOT NULL, due_at INTEGER NOT NULL, lease_owner TEXT, " +
        "lease_until INTEGER, attempts INTEGER NOT NULL, idempotency_key TEXT NOT NULL, created_at INTEGER NOT NULL)";

    // Only negative rows are indexed; a statement must say "seq < 0" for SQLite to use these indexes.
    private static readonly string[] Indexes =
    [
        $"CREATE UNIQUE INDEX IF NOT EXISTS \"ux_lc_wf_work_waiting_key\" ON {Table} (idempotency_key) WHERE seq < 0",
        $"CREATE INDEX IF NOT EXISTS \"ix_lc_wf_work_waiting_due\" ON {Table} (due_at) WHERE seq < 0",
    ];

    // The seq of a new row at either end of the tree (0 stays unused, so the sign alone tells the parts apart).
    private const string NextPositive = $"(SELECT MAX(COALESCE(MAX(seq), 0), 0) + 1 FROM {Table})";
    private const string NextNegative = $"(SELECT MIN(COALESCE(MIN(seq), 0), 0) - 1 FROM {Table})";

    /// <summary>
    /// Creates the table, or rebuilds one an earlier version made (keyed by id or by idempotency key, with
    /// full indexes): its items keep their ids, keys, leases and attempts and move to the negative part.
    /// </summary>
    public static async Task EnsureAsync(WriteScope scope, CancellationToken ct)
    {
        var columns = (await scope.Connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM pragma_table_info(@table)", new { table = WorkflowTables.Work }, scope.Transaction, cancellationToken: ct))).ToHashSet();
        var statements = new List<string>();
        if (columns.Count > 0 && !columns.Contains("seq"))
        {
            statements.Add($"DROP TABLE IF EXISTS {Rebuilt}");
            statements.Add(CreateTable(Rebuilt));
            statements.Add($"INSERT INTO {Rebuilt} (seq, {Columns}) SELECT -ROW_NUMBER() OVER (ORDER BY due_at, id), {Columns} FROM {Table}");
            statements.Add($"DROP TABLE {Table}");
            statements.Add($"ALTER TABLE {Rebuilt} RENAME TO {Table}");
        }
        else statements.Add(CreateTable(Table));
        statements.AddRange(Indexes);
        foreach (var sql in statements)
            await scope.Connection.ExecuteAsync(new CommandDefinition(sql, transaction: scope.Transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Appends the start of a new instance (@instance_id) due at @due: its key is "start:" and the instance id, and the
    /// instance id, fresh, serves as the row's claim token too (what the insert does not bind it does not pay for).
    /// </summary>
    private const string InsertStart =
        $"INSERT INTO {Table} (seq, id, kind, app, workflow_key, instance_id, payload, due_at, attempts, idempotency_key, created_at) " +
        $"VALUES ({NextPositive}, @instance_id, 'start', @app, @workflow_key, @instance_id, @payload, @due, 0, 'start:' || @instance_id, @now)";

    /// <summary>Any other item, unless its idempotency key is queued already.</summary>
    private const string InsertIfNew =
        $"INSERT INTO {Table} (seq, id, kind, app, workflow_key, instance_id, payload, due_at, attempts, idempotency_key, created_at) " +
        $"VALUES ({NextNegative}, @id, @kind, @app, @workflow_key, @instance_id, @payload, @due_at, 0, @idempotency_key, @created_at) " +
        "ON CONFLICT (idempotency_key) WHERE seq < 0 DO NOTHING";

    public async Task<bool> InsertAsync(WriteScope scope, NewWorkRow row, CancellationToken ct)
    {
        // The start of a new instance, due now, is appended without an index to maintain (the record create's transaction writes one page less).
        if (row.Kind == WorkKind.Start && row.InstanceId is not null && row.IdempotencyKey == "start:" + row.InstanceId && row.DueAt <= row.CreatedAt)
            return await scope.ExecuteAsync(InsertStart, ct, ("@instance_id", row.InstanceId), ("@app", row.App), ("@workflow_key", row.WorkflowKey),
                ("@payload", row.Payload), ("@due", row.DueAt), ("@now", row.CreatedAt)) > 0;
        return await scope.ExecuteAsync(InsertIfNew, ct, ("@id", Guid.CreateVersion7().ToString()), ("@kind", row.Kind), ("@app", row.App),
            ("@workflow_key", row.WorkflowKey), ("@instance_id", row.InstanceId), ("@payload", row.Payload), ("@due_at", row.DueAt),
            ("@idempotency_key", row.IdempotencyKey), ("@created_at", row.CreatedAt)) > 0;
    }

    private const string Claimable = "(lease_until IS NULL OR lease_until < @now)";

    /// <summary>Leases up to @take due items, the oldest first, and returns them with their seq.</summary>
    public string Claim(string columns) =>
        $"UPDATE {Table} SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 WHERE seq IN (" +
        $"SELECT seq FROM (SELECT seq, due_at FROM (SELECT seq, due_at FROM {Table} WHERE seq > 0 AND due_at <= @now AND {Claimable} ORDER BY seq LIMIT @take) " +
        $"UNION ALL SELECT seq, due_at FROM (SELECT seq, due_at FROM {Table} WHERE seq < 0 AND due_at <= @now AND {Claimable} ORDER BY due_at LIMIT @take)) " +
        $"ORDER BY due_at LIMIT @take) RETURNING seq, {columns}";

    // The row is found by its seq; the id says it is still the row that was claimed.
    private const string ClaimedRow = "seq = @seq AND id = @id AND lease_owner = @owner";

    public async Task<bool> CompleteAsync(WriteScope scope, WorkItem item, string owner, CancellationToken ct) =>
        await scope.ExecuteAsync($"DELETE FROM {Table} WHERE {ClaimedRow}", ct, ("@seq", item.Seq), ("@id", item.Id), ("@owner", owner)) > 0;

    /// <summary>Gives a claimed item back; a start moves to the negative part (its due time may now be later than newer starts').</summary>
    public Task ReleaseAsync(WriteScope scope, WorkItem item, string owner, long dueAt, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Table} SET lease_owner = NULL, lease_until = NULL, due_at = @due, seq = CASE WHEN seq > 0 THEN {NextNegative} ELSE seq END WHERE {ClaimedRow}",
            new { seq = item.Seq, id = item.Id, owner, due = dueAt }, scope.Transaction, cancellationToken: ct));

    /// <summary>Deletes by key; only negative rows have keys worth finding (timers and resumes, never starts).</summary>
    public string DeleteByKey => $"DELETE FROM {Table} WHERE idempotency_key = @idempotencyKey AND seq < 0";

    public string DeleteByKeyPrefix => $"DELETE FROM {Table} WHERE idempotency_key LIKE @pattern AND lease_owner IS NULL AND seq < 0";
}
