using Dapper;
using Microsoft.AspNetCore.Identity;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>What an administrator sets on a user besides the name and the password.</summary>
public sealed record UserChanges(string? DisplayName, string? Email, string? DepartmentId, bool IsAdmin);

/// <summary>Users and their passwords, hashed with ASP.NET Core's PasswordHasher.</summary>
public sealed class UserStore(Database db, IEnumerable<IUserChangeListener>? listeners = null)
{
    private readonly IUserChangeListener[] _listeners = listeners?.ToArray() ?? [];

    public const int MinPasswordLength = 8;
    private static readonly PasswordHasher<string> Hasher = new();

    public static readonly SystemTable Table = new("lc_users",
    [
        new("id", SqlType.Id, PrimaryKey: true),
        new("user_name", SqlType.Text, Nullable: false),
        new("display_name", SqlType.Text),
        new("email", SqlType.Text),
        new("password_hash", SqlType.Text),
        new("is_admin", SqlType.Boolean, Nullable: false),
        new("disabled", SqlType.Boolean, Nullable: false),
        new("department_id", SqlType.Id),
        new("created_at", SqlType.DateTime, Nullable: false),
    ], [new("ux_lc_users_user_name", ["user_name"], Unique: true), new("ix_lc_users_department", ["department_id"])]);

    // Dapper fills properties by column name and converts SQLite's 0/1 integers to bool.
    private sealed class UserRow
    {
        public string id { get; set; } = "";
        public string user_name { get; set; } = "";
        public string? display_name { get; set; }
        public string? email { get; set; }
        public bool is_admin { get; set; }
        public bool disabled { get; set; }
        public string? department_id { get; set; }
        public string? password_hash { get; set; }
        public string? app_key { get; set; }
        public string? role_key { get; set; }
        public User ToUser() => new(id, user_name, display_name, email, is_admin, disabled, department_id);
    }

    private string Users => db.Dialect.Quote("lc_users");
    private string Select => $"SELECT id, user_name, display_name, email, is_admin, disabled, department_id, password_hash FROM {Users}";

    public Task<User> CreateAsync(string userName, string? displayName, string password, bool isAdmin, CancellationToken ct = default) =>
        CreateAsync(userName, password, new UserChanges(displayName, null, null, isAdmin), ct);

    public async Task<User> CreateAsync(string userName, string password, UserChanges changes, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(userName)) errors["userName"] = ["User name is required."];
        else if (userName.Trim().Length > 100) errors["userName"] = ["User name has at most 100 characters."];
        if (PasswordProblem(password) is { } p) errors["password"] = [p];
        if (errors.Count > 0) throw new ValidationFailedException("The user cannot be created.", errors);
        var user = new User(Guid.CreateVersion7().ToString(), userName.Trim(), Clean(changes.DisplayName), Clean(changes.Email),
            changes.IsAdmin, false, Clean(changes.DepartmentId));
        await using var scope = await db.BeginWriteAsync(ct);
        var taken = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Users} WHERE user_name = @UserName", new { user.UserName }, scope.Transaction, cancellationToken: ct));
        if (taken > 0) throw ValidationFailedException.For("userName", $"The user name '{user.UserName}' is taken.");
        await EnsureDepartmentExistsAsync(scope, user.DepartmentId, ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Users} (id, user_name, display_name, email, password_hash, is_admin, disabled, department_id, created_at) " +
            "VALUES (@Id, @UserName, @DisplayName, @Email, @Hash, @IsAdmin, @Disabled, @DepartmentId, @Now)",
            new { user.Id, user.UserName, user.DisplayName, user.Email, Hash = Hasher.HashPassword(user.UserName, password), user.IsAdmin, user.Disabled, user.DepartmentId, Now = DateTimeOffset.UtcNow },
            scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return user;
    }

    public async Task<User> UpdateAsync(string id, UserChanges changes, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var before = await FindAsync(scope, id, ct) ?? throw new NotFoundException($"User '{id}' does not exist.");
        await EnsureDepartmentExistsAsync(scope, Clean(changes.DepartmentId), ct);
        var after = before with { DisplayName = Clean(changes.DisplayName), Email = Clean(changes.Email), DepartmentId = Clean(changes.DepartmentId), IsAdmin = changes.IsAdmin };
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Users} SET display_name = @DisplayName, email = @Email, department_id = @DepartmentId, is_admin = @IsAdmin WHERE id = @Id",
            after, scope.Transaction, cancellationToken: ct));
        await NotifyAsync(new UserChange(before, after), scope, ct);
        await scope.CommitAsync(ct);
        return after;
    }

    public async Task<User> SetDisabledAsync(string id, bool disabled, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var before = await FindAsync(scope, id, ct) ?? throw new NotFoundException($"User '{id}' does not exist.");
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Users} SET disabled = @disabled WHERE id = @id", new { id, disabled }, scope.Transaction, cancellationToken: ct));
        var after = before with { Disabled = disabled };
        await NotifyAsync(new UserChange(before, after), scope, ct);
        await scope.CommitAsync(ct);
        return after;
    }

    private async Task<User?> FindAsync(WriteScope scope, string id, CancellationToken ct) =>
        (await scope.Connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            Select + " WHERE id = @id", new { id }, scope.Transaction, cancellationToken: ct)))?.ToUser();

    private async Task NotifyAsync(UserChange change, WriteScope scope, CancellationToken ct)
    {
        if (change.Before == change.After) return;
        foreach (var listener in _listeners) await listener.OnUserChangedAsync(change, scope, ct);
    }

    public async Task SetPasswordAsync(string id, string password, CancellationToken ct = default)
    {
        if (PasswordProblem(password) is { } p) throw ValidationFailedException.For("password", p);
        var user = await FindByIdAsync(id, ct) ?? throw new NotFoundException($"User '{id}' does not exist.");
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Users} SET password_hash = @hash WHERE id = @id",
            new { id, hash = Hasher.HashPassword(user.UserName, password) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {Users}", cancellationToken: ct));
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(Select + " ORDER BY user_name", cancellationToken: ct));
        return rows.Select(r => r.ToUser()).ToList();
    }

    public async Task<User?> FindByIdAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToUser();
    }

    /// <summary>
    /// The user with their app roles ("app/role") in one round trip: read on every request so that
    /// disabling, moving or re-granting a user counts at once.
    /// </summary>
    public async Task<(User User, IReadOnlyList<string> AppRoles)?> FindWithRolesAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<UserRow>(new CommandDefinition(
            $"SELECT u.id, u.user_name, u.display_name, u.email, u.is_admin, u.disabled, u.department_id, m.app_key, m.role_key " +
            $"FROM {Users} u LEFT JOIN {db.Dialect.Quote(RoleMembershipStore.Table.Name)} m ON m.user_id = u.id WHERE u.id = @id",
            new { id }, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return null;
        var roles = rows.Where(r => r.app_key is not null).Select(r => RoleMembershipStore.RoleName(r.app_key!, r.role_key!))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return (rows[0].ToUser(), roles);
    }

    /// <summary>
    /// The caller this user is now (department and roles as stored; "admin" first when an
    /// administrator), or null when the user is missing or disabled. Used per request by the API
    /// and by any work that acts for a user (workflow steps), so both see the same permissions.
    /// </summary>
    public async Task<Caller?> CallerAsync(string userId, CancellationToken ct = default)
    {
        var found = await FindWithRolesAsync(userId, ct);
        if (found is not { } f || f.User.Disabled) return null;
        var roles = (f.User.IsAdmin ? [AdminRole] : Array.Empty<string>()).Concat(f.AppRoles).ToList();
        return new Caller(f.User.Id, f.User.UserName, f.User.IsAdmin, f.User.DepartmentId, roles);
    }

    /// <summary>The global role of platform administrators, as it appears in <see cref="Caller.Roles"/>.</summary>
    public const string AdminRole = "admin";

    /// <summary>The user when the name and password match and the account is enabled; otherwise null.</summary>
    public async Task<User?> VerifyPasswordAsync(string userName, string password, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(Select + " WHERE user_name = @userName", new { userName }, cancellationToken: ct));
        if (row?.password_hash is null)
        {
            // Hash anyway so a missing user takes as long as a wrong password.
            Hasher.VerifyHashedPassword(userName, Hasher.HashPassword(userName, "unused-password"), password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(row.user_name, row.password_hash, password);
        var user = row.ToUser();
        return result == PasswordVerificationResult.Failed || user.Disabled ? null : user;
    }

    public static string? PasswordProblem(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < MinPasswordLength ? $"A password needs at least {MinPasswordLength} characters." : null;

    private async Task EnsureDepartmentExistsAsync(WriteScope scope, string? departmentId, CancellationToken ct)
    {
        if (departmentId is null) return;
        var found = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {db.Dialect.Quote(DepartmentStore.Table.Name)} WHERE id = @departmentId",
            new { departmentId }, scope.Transaction, cancellationToken: ct));
        if (found == 0) throw ValidationFailedException.For("departmentId", $"Department '{departmentId}' does not exist.");
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
