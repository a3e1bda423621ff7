using Microsoft.Data.Sqlite;

namespace Platform.Runtime.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file on another thread, every
/// <see cref="CommitsPerCheckpoint"/> commits, instead of in the commit that happens to fill it. SQLite's own
/// auto-checkpoint runs inside that commit: one create in a couple of hundred paid a few milliseconds for all of
/// them. A passive checkpoint waits for nobody and runs beside the next writes; the writer keeps a far higher
/// auto-checkpoint (<see cref="WriterAutoCheckpointPages"/>) as a safety net should these ever fall behind.
/// </summary>
internal sealed class SqliteCheckpointer
{
    public const int CommitsPerCheckpoint = 100;
    public const int WriterAutoCheckpointPages = 4_000;

    private readonly string _connectionString;
    private int _commits;
    private int _running;

    private SqliteCheckpointer(string connectionString) => _connectionString = connectionString;

    /// <summary>One for a database in a file; null for an in-memory one (it has no log).</summary>
    public static SqliteCheckpointer? For(string connectionString)
    {
        var b = new SqliteConnectionStringBuilder(connectionString);
        if (b.Mode == SqliteOpenMode.Memory || b.DataSource is "" or ":memory:") return null;
        // Never creates the file: a checkpoint that runs after the database was removed finds nothing to do.
        b.Mode = SqliteOpenMode.ReadWrite;
        b.Pooling = false;
        return new SqliteCheckpointer(b.ConnectionString);
    }

    /// <summary>Counts a commit of the writer; every hundredth starts a checkpoint unless one is running.</summary>
    public void Committed()
    {
        if (Interlocked.Increment(ref _commits) < CommitsPerCheckpoint || Interlocked.CompareExchange(ref _running, 1, 0) != 0) return;
        Volatile.Write(ref _commits, 0);
        ThreadPool.UnsafeQueueUserWorkItem(static c => _ = c.RunAsync(), this, preferLocal: false);
    }

    private async Task RunAsync()
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await command.ExecuteNonQueryAsync();
        }
        catch (SqliteException)
        {
            // The file is gone or busy: the next hundred commits try again, and the writer's own auto-checkpoint stays.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
