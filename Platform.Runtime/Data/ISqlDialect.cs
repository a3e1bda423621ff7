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
    string CreateTableIfMissing(string table, IEnumerable<string> columnDefinitions);
    string CreateIndexIfMissing(string index, string table, IEnumerable<string> columns, bool unique);
    /// <summary>LIMIT/OFFSET (or OFFSET/FETCH) appended after ORDER BY.</summary>
    string Paging(string limitParameter, string? offsetParameter);
    /// <summary>Prepares a freshly opened connection (pragmas, session settings).</summary>
    Task InitializeConnectionAsync(DbConnection connection, CancellationToken ct);
    /// <summary>SQL that answers 1 when the database is reachable.</summary>
    string PingSql { get; }
}
