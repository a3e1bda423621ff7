using Dapper;

namespace Platform.Runtime.Data;

/// <summary>The platform's own tables. Each concept adds its tables to <see cref="Tables"/>.</summary>
public static class SystemSchema
{
    public static readonly IReadOnlyList<SystemTable> Tables =
    [
        .. Workflows.Persistence.WorkflowTables.All,
        new("lc_users",
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("user_name", SqlType.Text, Nullable: false),
            new("display_name", SqlType.Text),
            new("email", SqlType.Text),
            new("password_hash", SqlType.Text),
            new("is_admin", SqlType.Boolean, Nullable: false),
            new("disabled", SqlType.Boolean, Nullable: false),
            new("created_at", SqlType.DateTime, Nullable: false),
        ], [new("ux_lc_users_user_name", ["user_name"], Unique: true)]),
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
    ];

    /// <summary>Creates every missing platform table; safe to run on every start and on every node.</summary>
    public static async Task EnsureAsync(Database db, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        foreach (var table in Tables)
            foreach (var sql in table.CreateStatements(db.Dialect))
                await scope.Connection.ExecuteAsync(new CommandDefinition(sql, transaction: scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }
}
