using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>A user's membership of an app role.</summary>
public sealed record RoleMember(string App, string Role, string UserId, DateTimeOffset GrantedAt, string? GrantedBy);

/// <summary>
/// Who holds which app role. Roles themselves are definitions in the app package; memberships are
/// data of the installation, so a copied app starts with nobody in its roles.
/// </summary>
public sealed class RoleMembershipStore(Database db, CallerCache? callers = null)
{
    public static readonly SystemTable Table = new("lc_role_members",
    [
        new("app_key", SqlType.Text, PrimaryKey: true),
        new("role_key", SqlType.Text, PrimaryKey: true),
        new("user_id", SqlType.Id, PrimaryKey: true),
        new("granted_at", SqlType.DateTime, Nullable: false),
        new("granted_by", SqlType.Id),
    ], [new("ix_lc_role_members_user", ["user_id"])]);

    /// <summary>How an app role appears in <see cref="Caller.Roles"/>: "app/role" (global roles have no '/').</summary>
    public static string RoleName(string app, string role) => app + "/" + role;

    private sealed class Row
    {
        public string app_key { get; set; } = "";
        public string role_key { get; set; } = "";
        public string user_id { get; set; } = "";
        public object granted_at { get; set; } = "";
        public string? granted_by { get; set; }
        public RoleMember ToMember() => new(app_key, role_key, user_id, StoredInstant.From(granted_at), granted_by);
    }

    private string Members => db.Dialect.Quote(Table.Name);

    public async Task<IReadOnlyList<RoleMember>> MembersAsync(string app, string role, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT app_key, role_key, user_id, granted_at, granted_by FROM {Members} WHERE app_key = @app AND role_key = @role ORDER BY granted_at",
            new { app, role }, cancellationToken: ct))).Select(r => r.ToMember()).ToList();
    }

    /// <summary>Every membership, for listing users with their roles.</summary>
    public async Task<IReadOnlyList<RoleMember>> AllAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT app_key, role_key, user_id, granted_at, granted_by FROM {Members} ORDER BY app_key, role_key",
            cancellationToken: ct))).Select(r => r.ToMember()).ToList();
    }

    /// <summary>Grants the role; granting it again changes nothing. False when the user does not exist.</summary>
    public async Task<bool> GrantAsync(string app, string role, string userId, string? grantedBy, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var user = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {db.Dialect.Quote(UserStore.Table.Name)} WHERE id = @userId", new { userId }, scope.Transaction, cancellationToken: ct));
        if (user == 0) return false;
        var held = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Members} WHERE app_key = @app AND role_key = @role AND user_id = @userId",
            new { app, role, userId }, scope.Transaction, cancellationToken: ct));
        if (held == 0)
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {Members} (app_key, role_key, user_id, granted_at, granted_by) VALUES (@app, @role, @userId, @now, @grantedBy)",
                new { app, role, userId, now = DateTimeOffset.UtcNow, grantedBy }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        callers?.Forget(userId);
        return true;
    }

    /// <summary>True when the user held the role.</summary>
    public async Task<bool> RevokeAsync(string app, string role, string userId, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var n = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {Members} WHERE app_key = @app AND role_key = @role AND user_id = @userId",
            new { app, role, userId }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        callers?.Forget(userId);
        return n > 0;
    }

    /// <summary>Sets exactly these app roles ("app/role") for the user, in one transaction.</summary>
    public async Task ReplaceForUserAsync(string userId, IEnumerable<(string App, string Role)> roles, string? grantedBy, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {Members} WHERE user_id = @userId", new { userId }, scope.Transaction, cancellationToken: ct));
        var now = DateTimeOffset.UtcNow;
        foreach (var (app, role) in roles.Distinct())
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {Members} (app_key, role_key, user_id, granted_at, granted_by) VALUES (@app, @role, @userId, @now, @grantedBy)",
                new { app, role, userId, now, grantedBy }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        callers?.Forget(userId);
    }
}
