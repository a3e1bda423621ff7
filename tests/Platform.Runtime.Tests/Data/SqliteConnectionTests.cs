using Dapper;
using Platform.Runtime.Data;
using Platform.Tests;

namespace Platform.Runtime.Tests.Data;

/// <summary>SQLite's per-connection settings, which are set once per native connection of the pool.</summary>
public class SqliteConnectionTests
{
    [Test]
    public async Task A_connection_reused_from_the_pool_keeps_foreign_keys_busy_timeout_synchronous_and_wal()
    {
        var db = TestDatabases.Create("sqlite");
        await SystemSchema.EnsureAsync(db);
        for (var i = 0; i < 3; i++)
        {
            await using var c = await db.OpenAsync();
            Assert.That(await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.EqualTo(10_000));
            Assert.That(await c.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(1), "synchronous=NORMAL");
            Assert.That(await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        }
    }
}
