namespace Platform.Runtime.Data;

/// <summary>A column of a platform-owned table.</summary>
public sealed record SystemColumn(string Name, SqlType Type, bool Nullable = true, bool PrimaryKey = false);

/// <summary>A platform-owned table (users, apps, audit, …) created on first start in every dialect.</summary>
/// <param name="StoredByKey">Rows are kept in the primary key's tree (see <see cref="ISqlDialect.CreateTableIfMissing"/>).</param>
public sealed record SystemTable(string Name, IReadOnlyList<SystemColumn> Columns, IReadOnlyList<SystemIndex>? Indexes = null, bool StoredByKey = false)
{
    public IEnumerable<string> CreateStatements(ISqlDialect d) => CreateIndexStatements(d).Prepend(CreateTableStatement(d));

    public string CreateTableStatement(ISqlDialect d)
    {
        var keys = Columns.Where(c => c.PrimaryKey).Select(c => d.Quote(c.Name)).ToList();
        var defs = Columns.Select(c => $"{d.Quote(c.Name)} {d.TypeName(c.Type)}{(c.Nullable && !c.PrimaryKey ? "" : " NOT NULL")}").ToList();
        if (keys.Count > 0) defs.Add($"PRIMARY KEY ({string.Join(", ", keys)})");
        return d.CreateTableIfMissing(Name, defs, StoredByKey);
    }

    public IEnumerable<string> CreateIndexStatements(ISqlDialect d) =>
        (Indexes ?? []).Select(index => d.CreateIndexIfMissing(index.Name, Name, index.Columns, index.Unique));

    /// <summary>
    /// Adds the nullable columns a newer version defines to a table an older version created; a
    /// missing NOT NULL column cannot be added safely and stops the start with a clear message.
    /// </summary>
    public IEnumerable<string> AddMissingColumnStatements(ISqlDialect d, IReadOnlySet<string> existing)
    {
        foreach (var c in Columns.Where(c => !existing.Contains(c.Name)))
            yield return c.Nullable && !c.PrimaryKey
                ? $"ALTER TABLE {d.Quote(Name)} ADD {d.Quote(c.Name)} {d.TypeName(c.Type)}"
                : throw new InvalidOperationException($"Table {Name} lacks the required column {c.Name}; it cannot be added to existing rows automatically.");
    }
}

public sealed record SystemIndex(string Name, IReadOnlyList<string> Columns, bool Unique = false);
