using Dapper;
using Microsoft.AspNetCore.Identity;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>Users and their passwords, hashed with ASP.NET Core's PasswordHasher.</summary>
public sealed class UserStore(Database db)
{
    private static readonly PasswordHasher<string> Hasher = new();

    // Dapper fills properties by column name and converts SQLite's 0/1 integers to bool.
    private sealed class UserRow
    {
        public string id { get; set; } = "";
        public string user_name { get; set; } = "";
        public string? display_name { get; set; }
        public string? email { get; set; }
        public bool is_admin { get; set; }
        public bool disabled { get; set; }
        public string? password_hash { get; set; }
        public User ToUser() => new(id, user_name, display_name, email, is_admin, disabled);
    }

    private string Select => $"SELECT id, user_name, display_name, email, is_admin, disabled, password_hash FROM {db.Dialect.Quote("lc_users")}";

    public async Task<User> CreateAsync(string userName, string? displayName, string password, bool isAdmin, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(userName)) throw new ArgumentException("User name is required.", nameof(userName));
        if (string.IsNullOrEmpty(password) || password.Length < 8) throw new ArgumentException("Password needs at least 8 characters.", nameof(password));
        var user = new User(Guid.CreateVersion7().ToString(), userName.Trim(), displayName, null, isAdmin, false);
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {db.Dialect.Quote("lc_users")} (id, user_name, display_name, email, password_hash, is_admin, disabled, created_at) " +
            "VALUES (@Id, @UserName, @DisplayName, NULL, @Hash, @IsAdmin, @Disabled, @Now)",
            new { user.Id, user.UserName, user.DisplayName, Hash = Hasher.HashPassword(user.UserName, password), user.IsAdmin, user.Disabled, Now = DateTimeOffset.UtcNow },
            scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return user;
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {db.Dialect.Quote("lc_users")}", cancellationToken: ct));
    }

    public async Task<User?> FindByIdAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToUser();
    }

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
}
