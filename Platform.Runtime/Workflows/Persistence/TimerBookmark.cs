using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>
/// A bookmark a timer resumes at its due time, written from outside a running step: when a task moves to a new
/// owner after its SLA timer already fired, the new owner's due time needs a timer of its own. The bookmark row and
/// the timer's work item go into the caller's transaction, exactly as a step's own timers do.
/// </summary>
public static class TimerBookmark
{
    public static async Task<string> CreateAsync(WriteScope scope, ISqlDialect dialect, WorkQueue queue, string app, string workflowKey,
        string instanceId, string activityId, string name, string waitsFor, DateTimeOffset due, DateTimeOffset now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7().ToString();
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {dialect.Quote(WorkflowTables.Bookmarks)} (id, instance_id, activity_id, name, bookmark_hash, due_at, created_at) " +
            "VALUES (@id, @instanceId, @activityId, @name, @hash, @due, @now)",
            new { id, instanceId, activityId, name, hash = BookmarkHash.Of(name, waitsFor), due = due.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() },
            scope.Transaction, cancellationToken: ct));
        await queue.EnqueueAsync(scope, WorkKind.Timer, app, workflowKey, instanceId, new JsonObject { ["bookmarkId"] = id }, due, "timer:" + id, ct);
        return id;
    }

    /// <summary>Whether the step still has a live timer of that name (one not yet fired).</summary>
    public static async Task<bool> ExistsAsync(WriteScope scope, ISqlDialect dialect, string instanceId, string activityId, string name, CancellationToken ct) =>
        await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {dialect.Quote(WorkflowTables.Bookmarks)} WHERE instance_id = @instanceId AND activity_id = @activityId AND name = @name",
            new { instanceId, activityId, name }, scope.Transaction, cancellationToken: ct)) > 0;
}
