using Dapper;
using Platform.Runtime.Data;
using Platform.Tests;

namespace Platform.Runtime.Tests.Data;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class DatabaseTests(string provider)
{
    [Test]
    public async Task A_write_scope_that_is_not_committed_leaves_nothing_behind()
    {
        var db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(db);
        await using (var scope = await db.BeginWriteAsync())
        {
            await scope.Connection.ExecuteAsync(
                "INSERT INTO lc_users (id, user_name, is_admin, disabled, created_at) VALUES ('x', 'ghost', @f, @f, @now)",
                new { f = false, now = DateTimeOffset.UtcNow }, scope.Transaction);
        }
        await using var c = await db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM lc_users"), Is.EqualTo(0));
    }

    [Test]
    public async Task Creating_the_system_tables_twice_is_harmless_and_ping_answers()
    {
        var db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(db);
        await SystemSchema.EnsureAsync(db);
        Assert.That(await db.PingAsync(), Is.True);
    }

    [Test]
    public async Task Ping_is_false_when_the_server_cannot_be_reached()
    {
        var unreachable = provider switch
        {
            "postgres" => Database.Create("postgres", "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2"),
            "sqlserver" => Database.Create("sqlserver", "Server=127.0.0.1,1;User Id=x;Password=y;Connect Timeout=2;TrustServerCertificate=true"),
            _ => Database.Create("sqlite", "Data Source=/nonexistent-dir/x.db;Mode=ReadOnly"),
        };
        Assert.That(await unreachable.PingAsync(), Is.False);
    }
}
