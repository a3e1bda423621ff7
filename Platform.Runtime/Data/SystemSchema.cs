using Dapper;

namespace Platform.Runtime.Data;

/// <summary>The platform's own tables. Each concept adds its tables to <see cref="Tables"/>.</summary>
public static class SystemSchema
{
    public static readonly IReadOnlyList<SystemTable> Tables =
    [
        Security.UserStore.Table,
        Security.DepartmentStore.Table,
        Security.RoleMembershipStore.Table,
        Security.ApiTokenStore.Table,
        .. Workflows.Persistence.WorkflowTables.All,
        .. Tasks.TaskTables.All,
        new("lc_apps",
        [
            new("key", SqlType.Text, PrimaryKey: true),
            new("name", SqlType.Text, Nullable: false),
            new("template_key", SqlType.Text),
            new("package", SqlType.LongText, Nullable: false),
            new("version", SqlType.Integer, Nullable: false),
            new("created_at", SqlType.DateTime, Nullable: false),
            new("updated_at", SqlType.DateTime, Nullable: false),
        ]),
        AuditLog.Table,
        AutoNumberCounter.Table,
        Files.DiskFileStore.Table,
        Files.FileReferences.Table,
        Expressions.Calendar.WorkCalendarStore.Table,
        Comments.CommentStore.Table,
    ];

    private static async Task RunAsync(WriteScope scope, IEnumerable<string> statements, CancellationToken ct)
    {
        foreach (var sql in statements)
            await scope.Connection.ExecuteAsync(new CommandDefinition(sql, transaction: scope.Transaction, cancellationToken: ct));
    }

    // The column names as the database reports them for an empty result: the same on every dialect.
    private static async Task<IReadOnlySet<string>> ColumnsAsync(WriteScope scope, string quotedTable, CancellationToken ct)
    {
        await using var cmd = scope.Connection.CreateCommand();
        cmd.Transaction = scope.Transaction;
        cmd.CommandText = $"SELECT * FROM {quotedTable} WHERE 1 = 0";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Creates every missing platform table; safe to run on every start and on every node.</summary>
    public static async Task EnsureAsync(Database db, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        foreach (var table in Tables)
        {
            // SQLite's work queue has a layout of its own that the generic table cannot express (partial indexes, rebuilt on upgrade).
            if (table.Name == Workflows.Persistence.WorkflowTables.Work && db.Dialect is Dialects.SqliteDialect)
            {
                await Workflows.Persistence.SqliteWorkTable.EnsureAsync(scope, ct);
                continue;
            }
            // Table, then columns a newer version added, then indexes (which may use those columns).
            await RunAsync(scope, [table.CreateTableStatement(db.Dialect)], ct);
            await RunAsync(scope, table.AddMissingColumnStatements(db.Dialect, await ColumnsAsync(scope, db.Dialect.Quote(table.Name), ct)).ToList(), ct);
            await RunAsync(scope, table.CreateIndexStatements(db.Dialect).ToList(), ct);
        }
        await scope.CommitAsync(ct);
    }
}
