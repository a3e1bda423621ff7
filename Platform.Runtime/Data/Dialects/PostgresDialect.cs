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

    public string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions) =>
        $"CREATE TABLE IF NOT EXISTS {Quote(table)} ({string.Join(", ", columnDefinitions)})";

    public string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique) =>
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Quote(index)} ON {Quote(table)} ({string.Join(", ", columns.Select(Quote))})";

    public string Paging(string limitParameter, string? offsetParameter) =>
        offsetParameter is null ? $" LIMIT {limitParameter}" : $" LIMIT {limitParameter} OFFSET {offsetParameter}";

    public Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public string PingSql => "SELECT 1";
}
