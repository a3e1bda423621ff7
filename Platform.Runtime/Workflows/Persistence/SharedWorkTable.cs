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
    private readonly WorkQueueSql _sql = new(dialect);
    private readonly string _table = dialect.Quote(WorkflowTables.Work);
    private string? _insert;
    private const string ClaimedRow = "idempotency_key = @key AND id = @id AND lease_owner = @owner";

    public async Task<bool> InsertAsync(WriteScope scope, NewWorkRow row, CancellationToken ct) =>
        await scope.ExecuteAsync(_insert ??= _sql.InsertIfNew(WorkflowTables.Work, Columns), ct,
            ("@id", Guid.CreateVersion7().ToString()), ("@kind", row.Kind), ("@app", row.App), ("@workflow_key", row.WorkflowKey), ("@instance_id", row.InstanceId),
            ("@payload", row.Payload), ("@due_at", row.DueAt), ("@attempts", 0L), ("@idempotency_key", row.IdempotencyKey), ("@created_at", row.CreatedAt)) > 0;

    public string Claim(string columns) => _sql.Claim(WorkflowTables.Work, columns, key: "idempotency_key");

    public async Task<bool> CompleteAsync(WriteScope scope, WorkItem item, string owner, CancellationToken ct) =>
        await scope.ExecuteAsync($"DELETE FROM {_table} WHERE {ClaimedRow}", ct, ("@key", item.IdempotencyKey), ("@id", item.Id), ("@owner", owner)) > 0;

    public Task ReleaseAsync(WriteScope scope, WorkItem item, string owner, long dueAt, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition($"UPDATE {_table} SET lease_owner = NULL, lease_until = NULL, due_at = @due WHERE {ClaimedRow}",
            new { key = item.IdempotencyKey, id = item.Id, owner, due = dueAt }, scope.Transaction, cancellationToken: ct));

    public string DeleteByKey { get; } = $"DELETE FROM {dialect.Quote(WorkflowTables.Work)} WHERE idempotency_key = @idempotencyKey";

    public string DeleteByKeyPrefix { get; } = $"DELETE FROM {dialect.Quote(WorkflowTables.Work)} WHERE idempotency_key LIKE @pattern AND lease_owner IS NULL";
}
