using System.Data.Common;
using System.Globalization;
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

    public string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions, bool storedByKey = false) =>
        $"CREATE TABLE IF NOT EXISTS {Quote(table)} ({string.Join(", ", columnDefinitions)}){(storedByKey ? " WITHOUT ROWID" : "")}";

    public string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique) =>
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Quote(index)} ON {Quote(table)} ({string.Join(", ", columns.Select(Quote))})";

    public string Paging(string limitParameter, string? offsetParameter) =>
        offsetParameter is null ? $" LIMIT {limitParameter}" : $" LIMIT {limitParameter} OFFSET {offsetParameter}";

    // WAL is a property of the database file: switching it once per file is enough (it costs a lock
    // and a header read on every open otherwise). The other pragmas are per connection and cheap.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> WalFiles = new();

    // The per-connection pragmas stay with the native connection, which the pool hands out again and
    // again: set them once per native connection, not on every open (a statement per request saved).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Initialized = new();

    public async Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct)
    {
        var handle = (connection as SqliteConnection)?.Handle;
        if (handle is not null && Initialized.TryGetValue(handle, out _)) return;
        await using var cmd = connection.CreateCommand();
        // busy_timeout makes concurrent writers wait instead of failing with "database is locked".
        var wal = WalFiles.ContainsKey(connection.ConnectionString) ? "" : "PRAGMA journal_mode=WAL; ";
        cmd.CommandText = wal + "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(ct);
        if (wal.Length > 0) WalFiles.TryAdd(connection.ConnectionString, true);
        if (handle is not null) Initialized.AddOrUpdate(handle, true);
    }

    public string PingSql => "SELECT 1";

    public int MaxIdentifierLength => 63;
    public int MaxParameters => 32766;
    // SQLite: one prepared single-row statement reused per row is fastest (it looks parameters up by name, linearly).
    public int BulkInsertRows => 1;
    // Microsoft.Data.Sqlite prepares a command's statement on its first run and keeps it.
    public bool PrepareBulkInserts => false;

    public string CreateUniqueIndexIfMissing(string index, string table, string column) =>
        CreateIndexIfMissing(index, table, [column], unique: true);

    public string DropIndexIfExists(string index, string table) => $"DROP INDEX IF EXISTS {Quote(index)}";

    public string AddColumn(string table, string column, SqlType type) => $"ALTER TABLE {Quote(table)} ADD COLUMN {Quote(column)} {TypeName(type)}";

    public string RenameColumn(string table, string from, string to) => $"ALTER TABLE {Quote(table)} RENAME COLUMN {Quote(from)} TO {Quote(to)}";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    // Instants as fixed-width UTC text so that text order is time order.
    public object? ToParameter(object? value) => value switch
    {
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // Microsoft.Data.Sqlite binds decimal as TEXT, which never equals or compares with a number
        // outside a NUMERIC column (e.g. a rollup sub-query): bind it as a number.
        decimal m => (double)m,
        _ => value,
    };

    public string OrderTerm(string expression, bool descending) => $"{expression} {(descending ? "DESC" : "ASC")} NULLS LAST";

    /// <summary>The unary plus makes the expression unindexable and leaves the text as it is.</summary>
    public string RowScopeColumn(string column) => "+" + column;

    public string Like(string expression, string parameter) => $"{expression} LIKE {parameter} ESCAPE '\\'";

    public string DateBucket(string e, string bucket, bool isDateTime) => bucket switch
    {
        "day" => $"substr({e}, 1, 10)",
        "week" => $"date(substr({e}, 1, 10), '-' || ((CAST(strftime('%w', substr({e}, 1, 10)) AS INTEGER) + 6) % 7) || ' days')",
        "month" => $"substr({e}, 1, 7)",
        "quarter" => $"substr({e}, 1, 4) || '-Q' || ((CAST(substr({e}, 6, 2) AS INTEGER) + 2) / 3)",
        "year" => $"substr({e}, 1, 4)",
        _ => throw new ArgumentOutOfRangeException(nameof(bucket)),
    };

    public string NextCounterSql(string table) =>
        $"INSERT INTO {Quote(table)} (counter_key, counter_value) VALUES (@key, 1) ON CONFLICT (counter_key) DO UPDATE SET counter_value = counter_value + 1 RETURNING counter_value";

    public string? LockRowSql(string table) => null;

    public bool IsUniqueViolation(DbException e) => e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
