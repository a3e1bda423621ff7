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

    public string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions, bool storedByKey = false) =>
        $"IF OBJECT_ID(N'{table.Replace("'", "''")}', N'U') IS NULL CREATE TABLE {Quote(table)} ({string.Join(", ", columnDefinitions)})";

    public string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique) =>
        $"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index.Replace("'", "''")}') " +
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX {Quote(index)} ON {Quote(table)} ({string.Join(", ", columns.Select(Quote))})";

    public string Paging(string limitParameter, string? offsetParameter) =>
        $" OFFSET {offsetParameter ?? "0"} ROWS FETCH NEXT {limitParameter} ROWS ONLY";

    public Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public string PingSql => "SELECT 1";

    public int MaxIdentifierLength => 63;
    public int MaxParameters => 2100;
    // SQL Server: at most 1,000 rows in one VALUES list.
    public int BulkInsertRows => 1000;
    // SqlCommand.Prepare wants explicit sizes of text parameters, which a generic insert does not know.
    public bool PrepareBulkInserts => false;

    // A plain unique index would allow only one empty value; filter empties out.
    public string CreateUniqueIndexIfMissing(string index, string table, string column) =>
        $"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index.Replace("'", "''")}') " +
        $"CREATE UNIQUE INDEX {Quote(index)} ON {Quote(table)} ({Quote(column)}) WHERE {Quote(column)} IS NOT NULL";

    public string DropIndexIfExists(string index, string table) => $"DROP INDEX IF EXISTS {Quote(index)} ON {Quote(table)}";

    public string AddColumn(string table, string column, SqlType type) => $"ALTER TABLE {Quote(table)} ADD {Quote(column)} {TypeName(type)}";

    public string RenameColumn(string table, string from, string to) =>
        $"EXEC sp_rename N'{(table + "." + from).Replace("'", "''")}', N'{to.Replace("'", "''")}', N'COLUMN'";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    public object? ToParameter(object? value) => value switch
    {
        DateTimeOffset d => Models.FieldTypes.DateTimeFieldType.ToMillisecond(d),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        _ => value,
    };

    // SQL Server has no NULLS LAST: sort on "is empty" first.
    public string OrderTerm(string expression, bool descending) =>
        $"CASE WHEN {expression} IS NULL THEN 1 ELSE 0 END, {expression} {(descending ? "DESC" : "ASC")}";

    /// <summary>Unchanged: not measured on SQL Server (none runs here), so its optimizer keeps every choice.</summary>
    public string RowScopeColumn(string column) => column;

    public string Like(string expression, string parameter) => $"{expression} LIKE {parameter} ESCAPE '\\'";

    public string DateBucket(string e, string bucket, bool isDateTime)
    {
        var d = $"CAST({(isDateTime ? $"SWITCHOFFSET({e}, '+00:00')" : e)} AS date)";
        return bucket switch
        {
            "day" => $"CONVERT(char(10), {d}, 23)",
            "week" => $"CONVERT(char(10), DATEADD(day, -((DATEPART(weekday, {d}) + @@DATEFIRST - 2) % 7), {d}), 23)",
            "month" => $"LEFT(CONVERT(char(10), {d}, 23), 7)",
            "quarter" => $"CONCAT(YEAR({d}), '-Q', DATEPART(quarter, {d}))",
            "year" => $"CAST(YEAR({d}) AS varchar(4))",
            _ => throw new ArgumentOutOfRangeException(nameof(bucket)),
        };
    }

    public string NextCounterSql(string table) =>
        $"MERGE {Quote(table)} WITH (HOLDLOCK) AS t USING (SELECT @key AS counter_key) AS s ON t.counter_key = s.counter_key " +
        "WHEN MATCHED THEN UPDATE SET counter_value = t.counter_value + 1 " +
        "WHEN NOT MATCHED THEN INSERT (counter_key, counter_value) VALUES (s.counter_key, 1) OUTPUT inserted.counter_value;";

    public string? LockRowSql(string table) => $"SELECT 1 FROM {Quote(table)} WITH (UPDLOCK, ROWLOCK) WHERE id = @id";

    public bool IsUniqueViolation(DbException e) => e is Microsoft.Data.SqlClient.SqlException { Number: 2601 or 2627 };
}
