using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>
/// The work table on PostgreSQL and SQL Server (<see cref="WorkflowTables"/>): keyed by the idempotency key, claimed with
/// the database's own row locking (<see cref="WorkQueueSql"/>). A row is found again by its key; its id says it is still
/// the row that was claimed (a timer re-armed under the same key is another row).
/// </summary>
public sealed class SharedWorkTable(ISqlDialect dialect) : IWorkTable
{
    private static readonly string[] Columns = ["id", "kind", "app", "workflow_key", "instance_id", "payload", "due_at", "attempts", "idempotency_key", "created_at"];
    private const string ClaimedRow = "idempotency_key = @key AND id = @id AND lease_owner = @owner";
    private static readonly string Table = WorkflowTables.Work;
    private readonly WorkQueueSql _sql = new(dialect);
    // The statements every create with a workflow and every burst run, built once.
    private readonly string _insert = new WorkQueueSql(dialect).InsertIfNew(Table, Columns);
    private readonly string _complete = $"DELETE FROM {dialect.Quote(Table)} WHERE {ClaimedRow}";
    private readonly string _release = $"UPDATE {dialect.Quote(Table)} SET lease_owner = NULL, lease_until = NULL, due_at = @due WHERE {ClaimedRow}";

    public async Task<bool> InsertAsync(WriteScope scope, NewWorkRow row, CancellationToken ct) =>
        await scope.ExecuteAsync(_insert, ct,
            ("@id", Guid.CreateVersion7().ToString()), ("@kind", row.Kind), ("@app", row.App), ("@workflow_key", row.WorkflowKey), ("@instance_id", row.InstanceId),
            ("@payload", row.Payload), ("@due_at", row.DueAt), ("@attempts", 0L), ("@idempotency_key", row.IdempotencyKey), ("@created_at", row.CreatedAt)) > 0;

    public string Claim(string columns) => _sql.Claim(Table, columns, key: "idempotency_key");

    public async Task<bool> CompleteAsync(WriteScope scope, WorkItem item, string owner, CancellationToken ct) =>
        await scope.ExecuteAsync(_complete, ct, ("@key", item.IdempotencyKey), ("@id", item.Id), ("@owner", owner)) > 0;

    public Task ReleaseAsync(WriteScope scope, WorkItem item, string owner, long dueAt, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(_release, new { key = item.IdempotencyKey, id = item.Id, owner, due = dueAt }, scope.Transaction, cancellationToken: ct));

    public string DeleteByKey { get; } = $"DELETE FROM {dialect.Quote(Table)} WHERE idempotency_key = @idempotencyKey";

    public string DeleteByKeyPrefix { get; } = $"DELETE FROM {dialect.Quote(Table)} WHERE idempotency_key LIKE @pattern AND lease_owner IS NULL";
}
