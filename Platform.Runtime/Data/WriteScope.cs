using System.Data.Common;

namespace Platform.Runtime.Data;

/// <summary>A connection and its transaction for one write; disposing without commit rolls back.</summary>
public sealed class WriteScope : IAsyncDisposable
{
    private readonly SemaphoreSlim? _gate;
    private readonly Action? _onRelease;
    private bool _done;
    private List<Action>? _afterCommit;

    internal WriteScope(DbConnection connection, DbTransaction transaction, SemaphoreSlim? gate, Action? onRelease = null)
    {
        _onRelease = onRelease;
        Connection = connection;
        Transaction = transaction;
        _gate = gate;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }

    /// <summary>Runs after a successful commit (e.g. waking the workflow worker for work just enqueued).</summary>
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await Transaction.CommitAsync(ct);
        _done = true;
        foreach (var action in _afterCommit ?? []) action();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_done) await Transaction.RollbackAsync();
        }
        finally
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
            _gate?.Release();
            _onRelease?.Invoke();
        }
    }
}
