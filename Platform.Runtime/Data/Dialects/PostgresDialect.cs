using System.Data.Common;
using Npgsql;

namespace Platform.Runtime.Data.Dialects;

/// <summary>PostgreSQL: the server database we can run and test here, and a production option.</summary>
public sealed class PostgresDialect : ISqlDialect
{
    public string Name => "postgres";

    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public string TypeName(SqlType type) => type switch
    {
        SqlType.Id => "varchar(36)",
        SqlType.Text => "varchar(1000)",
        SqlType.LongText => "text",
        SqlType.Integer => "bigint",
        SqlType.Decimal => "numeric(28,8)",
        SqlType.Double => "double precision",
        SqlType.Boolean => "boolean",
        SqlType.DateTime => "timestamptz",
        SqlType.Date => "date",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions, bool storedByKey = false) =>
        $"CREATE TABLE IF NOT EXISTS {Quote(table)} ({string.Join(", ", columnDefinitions)})";

    public string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique) =>
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Quote(index)} ON {Quote(table)} ({string.Join(", ", columns.Select(Quote))})";

    public string Paging(string limitParameter, string? offsetParameter) =>
        offsetParameter is null ? $" LIMIT {limitParameter}" : $" LIMIT {limitParameter} OFFSET {offsetParameter}";

    public Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public string PingSql => "SELECT 1";

    public int MaxIdentifierLength => 63;
    public int MaxParameters => 65535;
    // PostgreSQL: one round trip per batch of rows.
    public int BulkInsertRows => 50;
    // Unprepared, the server parses and plans every many-parameter INSERT again: most of a bulk write's time.
    public bool PrepareBulkInserts => true;

    public string CreateUniqueIndexIfMissing(string index, string table, string column) =>
        CreateIndexIfMissing(index, table, [column], unique: true);

    public string DropIndexIfExists(string index, string table) => $"DROP INDEX IF EXISTS {Quote(index)}";

    public string AddColumn(string table, string column, SqlType type) => $"ALTER TABLE {Quote(table)} ADD COLUMN {Quote(column)} {TypeName(type)}";

    public string RenameColumn(string table, string from, string to) => $"ALTER TABLE {Quote(table)} RENAME COLUMN {Quote(from)} TO {Quote(to)}";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    public object? ToParameter(object? value) => value switch
    {
        DateTimeOffset d => Models.FieldTypes.DateTimeFieldType.ToMillisecond(d),
        _ => value,
    };

    public string OrderTerm(string expression, bool descending) => $"{expression} {(descending ? "DESC" : "ASC")} NULLS LAST";

    /// <summary>
    /// An explicit collation the index was not built with keeps the index out of reach while the
    /// planner still uses the column's statistics; "C" equality is byte equality, as the default's is.
    /// </summary>
    public string RowScopeColumn(string column) => $"({column} COLLATE \"C\")";

    public string Like(string expression, string parameter) => $"{expression} ILIKE {parameter} ESCAPE '\\'";

    public string DateBucket(string e, string bucket, bool isDateTime)
    {
        var x = isDateTime ? $"({e} AT TIME ZONE 'UTC')" : e;
        return bucket switch
        {
            "day" => $"to_char({x}, 'YYYY-MM-DD')",
            "week" => $"to_char(date_trunc('week', {x}), 'YYYY-MM-DD')",
            "month" => $"to_char({x}, 'YYYY-MM')",
            "quarter" => $"to_char({x}, 'YYYY-\"Q\"Q')",
            "year" => $"to_char({x}, 'YYYY')",
            _ => throw new ArgumentOutOfRangeException(nameof(bucket)),
        };
    }

    public string NextCounterSql(string table) =>
        $"INSERT INTO {Quote(table)} (counter_key, counter_value) VALUES (@key, 1) ON CONFLICT (counter_key) DO UPDATE SET counter_value = {Quote(table)}.counter_value + 1 RETURNING counter_value";

    public string? LockRowSql(string table) => $"SELECT 1 FROM {Quote(table)} WHERE id = @id FOR UPDATE";

    public bool IsUniqueViolation(DbException e) => e is PostgresException { SqlState: "23505" };
}
