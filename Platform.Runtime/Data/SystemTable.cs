namespace Platform.Runtime.Data;

/// <summary>A column of a platform-owned table.</summary>
public sealed record SystemColumn(string Name, SqlType Type, bool Nullable = true, bool PrimaryKey = false);

/// <summary>A platform-owned table (users, apps, audit, …) created on first start in every dialect.</summary>
public sealed record SystemTable(string Name, IReadOnlyList<SystemColumn> Columns, IReadOnlyList<SystemIndex>? Indexes = null)
{
    public IEnumerable<string> CreateStatements(ISqlDialect d)
    {
        var keys = Columns.Where(c => c.PrimaryKey).Select(c => d.Quote(c.Name)).ToList();
        var defs = Columns.Select(c => $"{d.Quote(c.Name)} {d.TypeName(c.Type)}{(c.Nullable && !c.PrimaryKey ? "" : " NOT NULL")}").ToList();
        if (keys.Count > 0) defs.Add($"PRIMARY KEY ({string.Join(", ", keys)})");
        yield return d.CreateTableIfMissing(Name, defs);
        foreach (var index in Indexes ?? [])
            yield return d.CreateIndexIfMissing(index.Name, Name, index.Columns, index.Unique);
    }
}

public sealed record SystemIndex(string Name, IReadOnlyList<string> Columns, bool Unique = false);
