using System.Data.Common;

namespace Platform.Runtime.Data;

/// <summary>A connection and its transaction for one write; disposing without commit rolls back.</summary>
public sealed class WriteScope : IAsyncDisposable
{
    private readonly SemaphoreSlim? _gate;
    private readonly Action? _onRelease;
    // The writer's kept connection (SQLite): it stays open after this write, and so do the commands kept on it.
    private readonly KeptConnection? _keptConnection;
    private bool _done;
    private List<Action>? _afterCommit;

    private readonly SqliteCheckpointer? _checkpointer;

    internal WriteScope(DbConnection connection, DbTransaction transaction, SemaphoreSlim? gate, Action? onRelease = null, KeptConnection? keptConnection = null,
        SqliteCheckpointer? checkpointer = null)
    {
        _checkpointer = checkpointer;
        _onRelease = onRelease;
        Connection = connection;
        Transaction = transaction;
        _gate = gate;
        _keptConnection = keptConnection;
        _kept = keptConnection?.Commands;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }

    private Dictionary<string, DbCommand>? _kept;

    /// <summary>
    /// Runs a statement with its parameters (given in the same order on every call with that text). The command is
    /// kept for the rest of this write (on SQLite for later writes too, see <see cref="KeptConnection"/>): the same
    /// text run again skips parsing it, which is much of what a statement run many times (the workflow worker's
    /// batch, the start every record create queues) costs.
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        await Kept(sql, parameters).ExecuteNonQueryAsync(ct);

    /// <summary>As <see cref="ExecuteAsync"/>, for a statement that returns one value (null when it returns none).</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        await Kept(sql, parameters).ExecuteScalarAsync(ct) is { } value and not DBNull ? value : null;

    private DbCommand Kept(string sql, (string Name, object? Value)[] parameters)
    {
        var command = KeptCommand(sql, parameters.Select(p => p.Name));
        for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    /// <summary>The kept command for <paramref name="sql"/> (made with these parameters the first time), in this write's transaction; the caller sets the values.</summary>
    internal DbCommand KeptCommand(string sql, IEnumerable<string> parameterNames)
    {
        if (!(_kept ??= []).TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
            }
            _kept[sql] = command;
        }
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>Runs after a successful commit (e.g. waking the workflow worker for work just enqueued).</summary>
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await Transaction.CommitAsync(ct);
        _done = true;
        _checkpointer?.Committed();
        foreach (var action in _afterCommit ?? []) action();
    }

    public async ValueTask DisposeAsync()
    {
        var broken = false;
        try
        {
            if (_keptConnection is null && _kept is not null)
                foreach (var command in _kept.Values) await command.DisposeAsync();
            if (!_done) await Transaction.RollbackAsync();
        }
        catch when (_keptConnection is not null)
        {
            broken = true; // a kept connection that cannot roll back is not handed to the next write
            throw;
        }
        finally
        {
            await Transaction.DisposeAsync();
            if (_keptConnection is null) await Connection.DisposeAsync();
            else if (broken) await _keptConnection.DiscardAsync();
            _gate?.Release();
            _onRelease?.Invoke();
        }
    }
}
