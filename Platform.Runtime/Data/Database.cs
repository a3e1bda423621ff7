using System.Data.Common;
using Platform.Runtime.Data.Dialects;

namespace Platform.Runtime.Data;

/// <summary>One configured database: its dialect and connection string, and the way to open it.</summary>
public sealed class Database
{
    // SQLite allows one writer; queueing writers here avoids SQLITE_BUSY under concurrency.
    private readonly SemaphoreSlim? _writeGate;

    public Database(ISqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        if (dialect is SqliteDialect)
        {
            _writeGate = new SemaphoreSlim(1, 1);
            _checkpointer = SqliteCheckpointer.For(connectionString);
            _writer = new KeptConnection(OpenWriterAsync);
        }
    }

    // SQLite: the log is checkpointed beside the writes (see SqliteCheckpointer); null elsewhere and in memory.
    private readonly SqliteCheckpointer? _checkpointer;

    private async Task<DbConnection> OpenWriterAsync(CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        if (_checkpointer is null) return connection;
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"PRAGMA wal_autocheckpoint={SqliteCheckpointer.WriterAutoCheckpointPages}";
            await cmd.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // SQLite: the writer's connection stays open between writes (see KeptConnection); null elsewhere.
    private readonly KeptConnection? _writer;

    public ISqlDialect Dialect { get; }
    public string ConnectionString { get; }

    /// <summary>Builds a database from a provider name (sqlite, postgres, sqlserver) and a connection string.</summary>
    public static Database Create(string provider, string connectionString) => provider.ToLowerInvariant() switch
    {
        "sqlite" => new Database(new SqliteDialect(), connectionString),
        "postgres" or "postgresql" or "npgsql" => new Database(new PostgresDialect(), connectionString),
        "sqlserver" or "mssql" => new Database(new SqlServerDialect(), connectionString),
        _ => throw new ArgumentException($"Unknown database provider '{provider}'. Use sqlite, postgres or sqlserver.", nameof(provider)),
    };

    /// <summary>An embedded SQLite database in one file; the folder is created when missing.</summary>
    public static Database Sqlite(string filePath)
    {
        var full = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new Database(new SqliteDialect(), $"Data Source={full};Cache=Private;Pooling=True");
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await Dialect.InitializeConnectionAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Foreground writers (requests) waiting for or holding the SQLite write turn.
    private int _foreground;
    // When the last request write ended, and whether the latest one began right after the one before it
    // (requests writing back to back: background work waits for the pause instead of cutting in between).
    private long _lastForegroundEnd;
    private volatile bool _backToBack;

    /// <summary>Request writes less than this apart count as one run of writes that background work lets finish.</summary>
    public static readonly TimeSpan BackToBackGap = TimeSpan.FromMilliseconds(1);

    /// <summary>How long background work waits for request writes to pause before taking its turn anyway.</summary>
    public static readonly TimeSpan MaxBackgroundDeferral = TimeSpan.FromMilliseconds(250);

    /// <summary>Opens a connection with a transaction for a write; on SQLite writers take turns.</summary>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken ct = default)
    {
        if (_writeGate is null) return await BeginAsync(null, ct);
        Interlocked.Increment(ref _foreground);
        _backToBack = System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _lastForegroundEnd)) < BackToBackGap;
        try
        {
            await _writeGate.WaitAsync(ct);
        }
        catch
        {
            EndForeground();
            throw;
        }
        return await BeginAsync(EndForeground, ct);
    }

    private void EndForeground()
    {
        Volatile.Write(ref _lastForegroundEnd, System.Diagnostics.Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _foreground);
    }

    /// <summary>
    /// A request write waits for the SQLite write turn (asked by background work holding it, to hand the turn over
    /// between two pieces of its work instead of after all of them). Always false where writers do not take turns.
    /// </summary>
    public bool RequestWriteWaiting => _writeGate is not null && Volatile.Read(ref _foreground) > 0;

    // Requests are writing: one holds or waits for the turn, or they come back to back and the next is due any moment.
    private bool RequestsWriting() =>
        Volatile.Read(ref _foreground) > 0 ||
        (_backToBack && System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _lastForegroundEnd)) < BackToBackGap);

    /// <summary>
    /// A write of background work (the workflow worker). On SQLite, with its single writer, it lets
    /// request writes go first: it waits while one is waiting for or holding the write turn (a burst of
    /// creates is running; writes that follow each other within <see cref="BackToBackGap"/> count as one burst),
    /// at most <see cref="MaxBackgroundDeferral"/>, so requests keep their speed and the
    /// worker catches up in larger batches. Elsewhere the same as <see cref="BeginWriteAsync"/>.
    /// </summary>
    /// <param name="defer">False for the rest of a round that already waited (processing what it claimed).</param>
    public async Task<WriteScope> BeginBackgroundWriteAsync(bool defer = true, CancellationToken ct = default)
    {
        if (_writeGate is null) return await BeginAsync(null, ct);
        if (defer)
        {
            // Let a request that writes back to back get its next turn first, then wait while requests are writing.
            await Task.Yield();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (RequestsWriting() && System.Diagnostics.Stopwatch.GetElapsedTime(started) < MaxBackgroundDeferral)
                await Task.Delay(1, ct);
        }
        await _writeGate.WaitAsync(ct);
        return await BeginAsync(null, ct);
    }

    private async Task<WriteScope> BeginAsync(Action? onRelease, CancellationToken ct)
    {
        DbConnection? connection = null;
        try
        {
            connection = _writer is null ? await OpenAsync(ct) : await _writer.GetAsync(ct);
            var transaction = await connection.BeginTransactionAsync(ct);
            return new WriteScope(connection, transaction, _writeGate, onRelease, _writer, _checkpointer);
        }
        catch
        {
            if (_writer is not null) await _writer.DiscardAsync();
            else if (connection is not null) await connection.DisposeAsync();
            _writeGate?.Release();
            onRelease?.Invoke();
            throw;
        }
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Dialect.PingSql;
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct)) == 1;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
