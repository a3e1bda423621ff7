using System.Data.Common;

namespace Platform.Runtime.Data;

/// <summary>Column types the platform stores; each dialect maps them to its own SQL types.</summary>
public enum SqlType
{
    Id,        // time-ordered UUID as text, so ids can be made offline without a round trip
    Text,      // bounded text (indexable)
    LongText,  // unbounded text
    Integer,   // 64-bit
    Decimal,   // exact decimal
    Double,
    Boolean,
    DateTime,  // UTC instant
    Date,
}

/// <summary>Everything that differs between the databases the platform runs on.</summary>
public interface ISqlDialect
{
    string Name { get; }
    DbConnection CreateConnection(string connectionString);
    /// <summary>Quotes an identifier. Callers pass only names taken from model metadata.</summary>
    string Quote(string identifier);
    string TypeName(SqlType type);
    /// <summary>DDL that creates the table only when it is missing.</summary>
    /// <param name="storedByKey">Rows live in the primary key's own tree (SQLite: WITHOUT ROWID; the others already do or need nothing):
    /// one tree fewer to write per row for small, hot tables keyed by text.</param>
    string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions, bool storedByKey = false);
    string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique);
    /// <summary>LIMIT/OFFSET (or OFFSET/FETCH) appended after ORDER BY.</summary>
    string Paging(string limitParameter, string? offsetParameter);
    /// <summary>Prepares a freshly opened connection (pragmas, session settings).</summary>
    Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct);
    /// <summary>SQL that answers 1 when the database is reachable.</summary>
    string PingSql { get; }

    // Model tables (records engine).

    /// <summary>Longest identifier every supported database accepts is 63 (PostgreSQL); names are kept below it.</summary>
    int MaxIdentifierLength { get; }
    /// <summary>Most bind parameters one statement may carry (SQLite 32766, PostgreSQL 65535, SQL Server 2100): bounds multi-row inserts.</summary>
    int MaxParameters { get; }
    /// <summary>Rows per multi-row INSERT of a bulk write (at most what <see cref="MaxParameters"/> allows).</summary>
    int BulkInsertRows { get; }
    /// <summary>Whether a bulk write prepares its reused INSERT commands explicitly (the server then parses and plans each once).</summary>
    bool PrepareBulkInserts { get; }
    /// <summary>A unique index that lets any number of rows leave the column empty.</summary>
    string CreateUniqueIndexIfMissing(string index, string table, string column);
    string DropIndexIfExists(string index, string table);
    string AddColumn(string table, string column, SqlType type);
    string RenameColumn(string table, string from, string to);
    string DropColumn(string table, string column);
    /// <summary>Converts a stored value (DateOnly, DateTimeOffset, …) into what the provider stores for it.</summary>
    object? ToParameter(object? value);
    /// <summary>An ORDER BY term that puts empty values last in either direction.</summary>
    string OrderTerm(string expression, bool descending);
    /// <summary>
    /// How a row scope's department list reads the department column (<c>col IN (…)</c>): written so the
    /// planner cannot take the department index. A subtree's rows are spread over the whole table (every
    /// department creates records all the time), so that index saves no page reads; SQLite would then sort
    /// the subtree's rows and PostgreSQL's bitmap scan reads every page at random, both about twice the
    /// unscoped query. Without the index a scoped page walks the sort index and a scoped aggregate scans
    /// like the unscoped one. The value compared is unchanged.
    /// </summary>
    string RowScopeColumn(string column);
    /// <summary>Case-insensitive LIKE with '\' as the escape character.</summary>
    string Like(string expression, string parameter);
    /// <summary>The bucket label (day "2026-01-31", week = its Monday, month "2026-01", quarter "2026-Q1", year "2026").</summary>
    string DateBucket(string expression, string bucket, bool isDateTime);
    /// <summary>Adds one to the counter @key (creating it at 1) and answers the new value, atomically.</summary>
    string NextCounterSql(string table);
    /// <summary>Locks the row @id until the transaction ends, so the version a write reads is the version it replaces;
    /// null where the write transaction already excludes every other writer (SQLite).</summary>
    string? LockRowSql(string table);
    bool IsUniqueViolation(DbException e);
}
