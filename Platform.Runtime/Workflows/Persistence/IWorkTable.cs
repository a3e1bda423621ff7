using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>A new row of the work queue, as <see cref="WorkQueue.EnqueueAsync"/> builds it (times in Unix milliseconds).</summary>
public sealed record NewWorkRow(string Kind, string App, string WorkflowKey, string? InstanceId, string Payload, long DueAt, string IdempotencyKey, long CreatedAt);

/// <summary>
/// How the work queue's rows are kept and found on one kind of database: SQLite's own layout (<see cref="SqliteWorkTable"/>)
/// or the one PostgreSQL and SQL Server share (<see cref="SharedWorkTable"/>). <see cref="WorkQueue"/> picks one and runs
/// every statement through it; the statements run inside the caller's write.
/// </summary>
public interface IWorkTable
{
    /// <summary>Adds a row unless one with its idempotency key is queued. True when added.</summary>
    Task<bool> InsertAsync(WriteScope scope, NewWorkRow row, CancellationToken ct);

    /// <summary>
    /// Leases up to @take due rows (@now) to @owner until @until, counts the attempt, and returns <paramref name="columns"/>
    /// (and seq, where the layout has one).
    /// </summary>
    string Claim(string columns);

    /// <summary>Deletes a claimed row; false when its lease went to another node.</summary>
    Task<bool> CompleteAsync(WriteScope scope, WorkItem item, string owner, CancellationToken ct);

    /// <summary>Gives a claimed row back, due again at <paramref name="dueAt"/>.</summary>
    Task ReleaseAsync(WriteScope scope, WorkItem item, string owner, long dueAt, CancellationToken ct);

    /// <summary>Deletes the row queued under the key @idempotencyKey (a timer, a resume; never a start).</summary>
    string DeleteByKey { get; }

    /// <summary>Deletes the unclaimed rows whose key is LIKE @pattern.</summary>
    string DeleteByKeyPrefix { get; }
}
