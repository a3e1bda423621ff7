using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Platform.Runtime.Data.Dialects;

/// <summary>SQL Server: the customer's production database. Cannot run here; its SQL is unit-tested.</summary>
public sealed class SqlServerDialect : ISqlDialect
{
    public string Name => "sqlserver";

    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public string Quote(string identifier) => "[" + identifier.Replace("]", "]]") + "]";

    public string TypeName(SqlType type) => type switch
    {
        SqlType.Id => "varchar(36)",
        SqlType.Text => "nvarchar(1000)",
        SqlType.LongText => "nvarchar(max)",
        SqlType.Integer => "bigint",
        SqlType.Decimal => "decimal(28,8)",
        SqlType.Double => "float",
        SqlType.Boolean => "bit",
        SqlType.DateTime => "datetimeoffset",
        SqlType.Date => "date",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions) =>
        $"IF OBJECT_ID(N'{table.Replace("'", "''")}', N'U') IS NULL CREATE TABLE {Quote(table)} ({string.Join(", ", columnDefinitions)})";

    public string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique) =>
        $"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index.Replace("'", "''")}') " +
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX {Quote(index)} ON {Quote(table)} ({string.Join(", ", columns.Select(Quote))})";

    public string Paging(string limitParameter, string? offsetParameter) =>
        $" OFFSET {offsetParameter ?? "0"} ROWS FETCH NEXT {limitParameter} ROWS ONLY";

    public Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public string PingSql => "SELECT 1";
}
