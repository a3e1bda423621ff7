using Platform.Runtime.Data.Dialects;

namespace Platform.Runtime.Tests.Data;

/// <summary>
/// A row scope's department list is written so the planner cannot take the department index (a scoped
/// query then costs about what the unscoped one does; build/bench records measures it). Whether the rows
/// are still the right ones is checked on SQLite and PostgreSQL by the permission matrix.
/// </summary>
public class RowScopeColumnTests
{
    [Test]
    public void Sqlite_uses_a_unary_plus() =>
        Assert.That(new SqliteDialect().RowScopeColumn("t.\"department\""), Is.EqualTo("+t.\"department\""));

    [Test]
    public void Postgres_compares_under_the_C_collation_which_the_index_was_not_built_with() =>
        Assert.That(new PostgresDialect().RowScopeColumn("t.\"department\""), Is.EqualTo("(t.\"department\" COLLATE \"C\")"));

    [Test]
    public void Sql_server_leaves_the_column_to_its_optimizer() =>
        Assert.That(new SqlServerDialect().RowScopeColumn("t.[department]"), Is.EqualTo("t.[department]"));
}
