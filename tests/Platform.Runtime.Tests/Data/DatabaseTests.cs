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
    public async Task A_system_table_from_an_older_version_gains_its_new_nullable_columns_and_keeps_its_rows()
    {
        var db = TestDatabases.Create(provider);
        await using (var scope = await db.BeginWriteAsync())
        {
            // lc_users as the first version created it: no department column yet.
            await scope.Connection.ExecuteAsync(
                $"CREATE TABLE lc_users (id {db.Dialect.TypeName(SqlType.Id)} NOT NULL PRIMARY KEY, user_name {db.Dialect.TypeName(SqlType.Text)} NOT NULL, " +
                $"display_name {db.Dialect.TypeName(SqlType.Text)}, email {db.Dialect.TypeName(SqlType.Text)}, password_hash {db.Dialect.TypeName(SqlType.Text)}, " +
                $"is_admin {db.Dialect.TypeName(SqlType.Boolean)} NOT NULL, disabled {db.Dialect.TypeName(SqlType.Boolean)} NOT NULL, created_at {db.Dialect.TypeName(SqlType.DateTime)} NOT NULL)",
                transaction: scope.Transaction);
            await scope.Connection.ExecuteAsync(
                "INSERT INTO lc_users (id, user_name, is_admin, disabled, created_at) VALUES ('old', 'old.user', @f, @f, @now)",
                new { f = false, now = DateTimeOffset.UtcNow }, scope.Transaction);
            await scope.CommitAsync();
        }
        await SystemSchema.EnsureAsync(db);
        await using var c = await db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<string>("SELECT user_name FROM lc_users WHERE department_id IS NULL"), Is.EqualTo("old.user"));
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
