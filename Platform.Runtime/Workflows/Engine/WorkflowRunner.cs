using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Outbox;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// One node's share of the work: claim due items under a lease, run each as a burst, deliver the
/// outbox. The hosted worker calls <see cref="RunOnceAsync"/> in a loop; tests call it directly.
/// </summary>
public sealed class WorkflowRunner(WorkQueue queue, WorkflowEngine engine, OutboxDispatcher outbox, WorkflowCatalog catalog)
{
    public string NodeId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);
    public int BatchSize { get; init; } = 4;
    /// <summary>Runs the items of a claim in one transaction, each in a savepoint (set for SQLite).</summary>
    public bool BatchInOneTransaction { get; init; }
    private bool _backlog;

    /// <summary>Claims and runs one batch of due work and delivers one batch of the outbox; the number of items handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        // While a backlog is being worked off, claim without waiting for request writes to pause (no starvation).
        var items = await queue.ClaimAsync(NodeId, BatchSize, Lease, ct, deferToRequests: !_backlog);
        _backlog = items.Count == BatchSize;
        // One writer (SQLite): the claimed bursts share one transaction and one commit. Elsewhere each is its own.
        if (BatchInOneTransaction) await engine.ProcessBatchAsync(items, NodeId, ct);
        else foreach (var item in items) await engine.ProcessAsync(item, NodeId, ct);
        var delivered = await outbox.DeliverOnceAsync(NodeId, ct);
        return items.Count + delivered;
    }

    /// <summary>Runs until nothing is due (tests, and draining before shutdown).</summary>
    public async Task RunUntilIdleAsync(CancellationToken ct = default, int maxRounds = 1000)
    {
        for (var i = 0; i < maxRounds && await RunOnceAsync(ct) > 0; i++) { }
    }

    public Task RefreshDefinitionsAsync(CancellationToken ct = default) => catalog.RefreshIfChangedAsync(ct);
}
