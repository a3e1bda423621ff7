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
}
