using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>
/// The SQL that differs per database for the queue tables (work and outbox): claiming due rows under
/// a lease without two nodes taking the same row, inserting only when an idempotency key is new, and
/// locking an instance row for the length of a burst.
/// PostgreSQL: FOR UPDATE SKIP LOCKED. SQL Server: UPDLOCK, READPAST, ROWLOCK. SQLite: one writer, so a plain UPDATE … RETURNING.
/// </summary>
public sealed class WorkQueueSql(ISqlDialect dialect)
{
    private string Q(string name) => dialect.Quote(name);

    /// <summary>
    /// Claims up to @take rows of <paramref name="table"/> that are due (@now) and not leased (or whose lease ran out),
    /// sets lease_owner=@owner, lease_until=@until, attempts+1, and returns the claimed rows' <paramref name="columns"/>.
    /// <paramref name="key"/> is the table's primary key column.
    /// </summary>
    public string Claim(string table, string columns, string extraCondition = "", string key = "id")
    {
        var due = $"due_at <= @now AND (lease_until IS NULL OR lease_until < @now){extraCondition}";
        return dialect.Name switch
        {
            "postgres" =>
                $"UPDATE {Q(table)} SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 " +
                $"WHERE {key} IN (SELECT {key} FROM {Q(table)} WHERE {due} ORDER BY due_at LIMIT @take FOR UPDATE SKIP LOCKED) " +
                $"RETURNING {columns}",
            "sqlserver" =>
                $"WITH claimable AS (SELECT TOP (@take) * FROM {Q(table)} WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {due} ORDER BY due_at) " +
                $"UPDATE claimable SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 " +
                $"OUTPUT {string.Join(", ", columns.Split(',').Select(c => "inserted." + c.Trim()))}",
            _ =>
                $"UPDATE {Q(table)} SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 " +
                $"WHERE {key} IN (SELECT {key} FROM {Q(table)} WHERE {due} ORDER BY due_at LIMIT @take) " +
                $"RETURNING {columns}",
        };
    }

    /// <summary>INSERT of <paramref name="columns"/> (parameters of the same names) that does nothing when @idempotency_key exists.</summary>
    public string InsertIfNew(string table, IReadOnlyList<string> columns)
    {
        var cols = string.Join(", ", columns);
        var values = string.Join(", ", columns.Select(c => "@" + c));
        return dialect.Name switch
        {
            "sqlserver" =>
                $"INSERT INTO {Q(table)} ({cols}) SELECT {values} " +
                $"WHERE NOT EXISTS (SELECT 1 FROM {Q(table)} WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = @idempotency_key)",
            _ => $"INSERT INTO {Q(table)} ({cols}) VALUES ({values}) ON CONFLICT (idempotency_key) DO NOTHING",
        };
    }

    /// <summary>Reads an instance row and holds it against concurrent bursts until the transaction ends.</summary>
    public string SelectInstanceForUpdate(string columns) => dialect.Name switch
    {
        "postgres" => $"SELECT {columns} FROM {Q(WorkflowTables.Instances)} WHERE id = @id FOR UPDATE",
        "sqlserver" => $"SELECT {columns} FROM {Q(WorkflowTables.Instances)} WITH (UPDLOCK, ROWLOCK) WHERE id = @id",
        _ => $"SELECT {columns} FROM {Q(WorkflowTables.Instances)} WHERE id = @id",
    };
}
