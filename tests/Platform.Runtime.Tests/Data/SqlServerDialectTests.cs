using Platform.Runtime.Data;
using Platform.Runtime.Data.Dialects;

namespace Platform.Runtime.Tests.Data;

/// <summary>No SQL Server runs here, so the SQL its dialect writes is checked as text.</summary>
public class SqlServerDialectTests
{
    private readonly SqlServerDialect _d = new();

    [Test]
    public void Quotes_identifiers_with_brackets_and_escapes_closing_brackets() =>
        Assert.That(_d.Quote("weird]name"), Is.EqualTo("[weird]]name]"));

    [Test]
    public void Creates_a_table_only_when_missing()
    {
        var table = new SystemTable("lc_demo", [new("id", SqlType.Id, PrimaryKey: true), new("title", SqlType.Text, Nullable: false), new("n", SqlType.Decimal)],
            [new("ix_lc_demo_title", ["title"], Unique: true)]);
        var sql = table.CreateStatements(_d).ToList();
        Assert.That(sql[0], Is.EqualTo("IF OBJECT_ID(N'lc_demo', N'U') IS NULL CREATE TABLE [lc_demo] ([id] varchar(36) NOT NULL, [title] nvarchar(1000) NOT NULL, [n] decimal(28,8), PRIMARY KEY ([id]))"));
        Assert.That(sql[1], Is.EqualTo("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_lc_demo_title') CREATE UNIQUE INDEX [ix_lc_demo_title] ON [lc_demo] ([title])"));
    }

    [Test]
    public void Pages_with_offset_fetch() =>
        Assert.That(_d.Paging("@take", "@skip"), Is.EqualTo(" OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY"));

    [Test]
    public void Unique_indexes_leave_empty_values_free() =>
        Assert.That(_d.CreateUniqueIndexIfMissing("ix_t_code", "t", "code"),
            Is.EqualTo("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_t_code') CREATE UNIQUE INDEX [ix_t_code] ON [t] ([code]) WHERE [code] IS NOT NULL"));

    [Test]
    public void Columns_are_added_renamed_and_dropped_with_sql_server_syntax()
    {
        Assert.That(_d.AddColumn("t", "amount", SqlType.Decimal), Is.EqualTo("ALTER TABLE [t] ADD [amount] decimal(28,8)"));
        Assert.That(_d.RenameColumn("t", "a", "b"), Is.EqualTo("EXEC sp_rename N't.a', N'b', N'COLUMN'"));
        Assert.That(_d.DropColumn("t", "a"), Is.EqualTo("ALTER TABLE [t] DROP COLUMN [a]"));
        Assert.That(_d.DropIndexIfExists("ix", "t"), Is.EqualTo("DROP INDEX IF EXISTS [ix] ON [t]"));
    }

    [Test]
    public void Counters_increment_atomically_with_merge() =>
        Assert.That(_d.NextCounterSql("lc_counters"), Does.StartWith("MERGE [lc_counters] WITH (HOLDLOCK) AS t").And.EndsWith("OUTPUT inserted.counter_value;"));

    [Test]
    public void A_write_locks_the_row_it_reads_so_its_version_check_holds() =>
        Assert.That(_d.LockRowSql("t"), Is.EqualTo("SELECT 1 FROM [t] WITH (UPDLOCK, ROWLOCK) WHERE id = @id"));

    [Test]
    public void Empty_values_sort_last_without_nulls_last() =>
        Assert.That(_d.OrderTerm("t.[a]", descending: true), Is.EqualTo("CASE WHEN t.[a] IS NULL THEN 1 ELSE 0 END, t.[a] DESC"));

    [Test]
    public void Date_buckets_use_iso_weeks_from_monday_and_utc()
    {
        Assert.That(_d.DateBucket("t.[d]", "month", isDateTime: true), Is.EqualTo("LEFT(CONVERT(char(10), CAST(SWITCHOFFSET(t.[d], '+00:00') AS date), 23), 7)"));
        Assert.That(_d.DateBucket("t.[d]", "quarter", isDateTime: false), Is.EqualTo("CONCAT(YEAR(CAST(t.[d] AS date)), '-Q', DATEPART(quarter, CAST(t.[d] AS date)))"));
        Assert.That(_d.DateBucket("t.[d]", "week", isDateTime: false), Does.Contain("@@DATEFIRST"));
    }

    [Test]
    public void A_model_table_gets_system_columns_and_indexes_in_sql_server_types()
    {
        var model = Platform.Runtime.Models.ModelDefinition.Parse((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            """{ "key": "deal", "name": "Deal", "fields": [ { "key": "code", "type": "text", "unique": true }, { "key": "amount", "type": "decimal" } ] }""")!);
        var sql = ModelTable.CreateStatements(_d, "sales-crm", model).ToList();
        Assert.That(sql[0], Does.StartWith("IF OBJECT_ID(N'm_sales_crm__deal', N'U') IS NULL CREATE TABLE [m_sales_crm__deal] ([id] varchar(36) NOT NULL, [owner] varchar(36)"));
        Assert.That(sql[0], Does.Contain("[row_version] bigint NOT NULL").And.Contain("[code] nvarchar(1000)").And.Contain("[amount] decimal(28,8)"));
        Assert.That(sql, Has.Some.EqualTo("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_m_sales_crm__deal_code') CREATE UNIQUE INDEX [ix_m_sales_crm__deal_code] ON [m_sales_crm__deal] ([code]) WHERE [code] IS NOT NULL"));
    }

    [Test]
    public void Table_names_stay_within_every_databases_identifier_limit_and_never_collide()
    {
        var longName = ModelTableNames.Table("a-very-long-application-key-of-forty-ch", "a_very_long_model_key_of_forty_one_chars_");
        Assert.That(longName.Length, Is.LessThanOrEqualTo(63));
        Assert.That(ModelTableNames.Table("a-b", "c"), Is.Not.EqualTo(ModelTableNames.Table("a", "b_c")));
    }
}
