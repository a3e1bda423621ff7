using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Platform.Runtime.Data.Dialects;

/// <summary>The embedded default: one file, WAL mode, one writer at a time.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    public string Name => "sqlite";

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public string TypeName(SqlType type) => type switch
    {
        SqlType.Id or SqlType.Text or SqlType.LongText => "TEXT",
        SqlType.Integer or SqlType.Boolean => "INTEGER",
        // Decimals are kept as text-free NUMERIC so SUM/AVG work; exactness is kept in .NET on read.
        SqlType.Decimal => "NUMERIC",
        SqlType.Double => "REAL",
        SqlType.DateTime or SqlType.Date => "TEXT",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions) =>
        $"CREATE TABLE IF NOT EXISTS {Quote(table)} ({string.Join(", ", columnDefinitions)})";

    public string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique) =>
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Quote(index)} ON {Quote(table)} ({string.Join(", ", columns.Select(Quote))})";

    public string Paging(string limitParameter, string? offsetParameter) =>
        offsetParameter is null ? $" LIMIT {limitParameter}" : $" LIMIT {limitParameter} OFFSET {offsetParameter}";

    public async Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        // busy_timeout makes concurrent writers wait instead of failing with "database is locked".
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public string PingSql => "SELECT 1";
}
