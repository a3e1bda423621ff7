using Dapper;
using Microsoft.Data.Sqlite;
using Platform.Runtime.Data;
using Platform.Tests;

namespace Platform.Runtime.Tests.Data;

/// <summary>SQLite's write-ahead log is copied into the database file beside the writes (<see cref="SqliteCheckpointer"/>).</summary>
public class SqliteCheckpointerTests
{
    [Test]
    public async Task Committed_pages_reach_the_database_file_long_before_the_writer_would_checkpoint()
    {
        var db = TestDatabases.Create("sqlite");
        await SystemSchema.EnsureAsync(db);
        var file = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        await using (var s = await db.BeginWriteAsync())
        {
            await s.Connection.ExecuteAsync("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)", transaction: s.Transaction);
            await s.CommitAsync();
        }
        await using (var c = await db.OpenAsync()) await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var before = new FileInfo(file).Length;

        // Two rows of 2 KB per page: 100 pages, a tenth of what SQLite's own auto-checkpoint waits for (1,000).
        for (var i = 0; i < 2 * SqliteCheckpointer.CommitsPerCheckpoint; i++)
        {
            await using var s = await db.BeginWriteAsync();
            await s.ExecuteAsync("INSERT INTO note (body) VALUES (@body)", default, ("@body", new string('x', 2000)));
            await s.CommitAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(file).Length < before + 40 * 4096 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.That(new FileInfo(file).Length - before, Is.GreaterThanOrEqualTo(40 * 4096), "the pages of at least one hundred commits are in the database file");
        await using var check = await db.OpenAsync();
        Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM note"), Is.EqualTo(2 * SqliteCheckpointer.CommitsPerCheckpoint));
    }
}
