using Platform.Runtime.Models;

namespace Platform.Runtime.Data;

/// <summary>
/// The DDL of a model: its record table (system columns and one column per stored field, retired
/// fields included), indexes, the child tables of sub-tables and the link tables of many-to-many
/// relations.
/// </summary>
public static class ModelTable
{
    public static readonly IReadOnlyList<SystemColumn> SystemColumns =
    [
        new("id", SqlType.Id, PrimaryKey: true),
        new("owner", SqlType.Id),
        new("department", SqlType.Id),
        new("created_by", SqlType.Id),
        new("created_at", SqlType.DateTime, Nullable: false),
        new("updated_by", SqlType.Id),
        new("updated_at", SqlType.DateTime, Nullable: false),
        new("row_version", SqlType.Integer, Nullable: false),
        new("deleted_at", SqlType.DateTime),
    ];

    public static IEnumerable<string> CreateStatements(ISqlDialect d, string app, ModelDefinition model)
    {
        var table = ModelTableNames.Table(app, model.Key);
        var columns = SystemColumns.ToList();
        foreach (var f in model.Fields)
            if (f.Kind.Column(f) is { } type) columns.Add(new SystemColumn(f.Key, type));
        foreach (var sql in new SystemTable(table, columns,
            [new(ModelTableNames.Index(table, "owner"), ["owner"]), new(ModelTableNames.Index(table, "department"), ["department"]),
             // (created_at, id): the default newest-first list and its id tie-break come straight from the index.
             new(ModelTableNames.Index(table, "created_at"), ["created_at", "id"])]).CreateStatements(d))
            yield return sql;
        foreach (var f in model.Fields)
            foreach (var sql in FieldStatements(d, app, model.Key, f))
                yield return sql;
    }

    /// <summary>Indexes and side tables one field needs (its column itself is created with the table or added by a migration).</summary>
    public static IEnumerable<string> FieldStatements(ISqlDialect d, string app, string model, FieldDefinition f)
    {
        var table = ModelTableNames.Table(app, model);
        if (f.Kind.Column(f) is not null && (f.Unique || f.Type == "autoNumber"))
            yield return d.CreateUniqueIndexIfMissing(ModelTableNames.Index(table, f.Key), table, f.Key);
        else if (f.Relation?.Kind == "manyToOne")
            yield return d.CreateIndexIfMissing(ModelTableNames.Index(table, f.Key), table, [f.Key], unique: false);
        if (f.Type == "subTable")
        {
            var child = ModelTableNames.SubTable(app, model, f.Key);
            var columns = new List<SystemColumn> { new("id", SqlType.Id, PrimaryKey: true), new("parent_id", SqlType.Id, Nullable: false), new("position", SqlType.Integer, Nullable: false) };
            foreach (var s in f.SubFields ?? [])
                if (s.Kind.Column(s) is { } type) columns.Add(new SystemColumn(s.Key, type));
            foreach (var sql in new SystemTable(child, columns, [new(ModelTableNames.Index(child, "parent"), ["parent_id", "position"])]).CreateStatements(d))
                yield return sql;
        }
        if (f.Relation?.Kind == "manyToMany")
        {
            var link = ModelTableNames.LinkTable(app, model, f.Key);
            foreach (var sql in new SystemTable(link, [new("source_id", SqlType.Id, PrimaryKey: true), new("target_id", SqlType.Id, PrimaryKey: true)],
                [new(ModelTableNames.Index(link, "target"), ["target_id"])]).CreateStatements(d))
                yield return sql;
        }
    }
}
