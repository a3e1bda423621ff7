using System.Security.Cryptography;
using System.Text;
using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>
/// Bearer API tokens for integrations. Only the SHA-256 of a token is stored (a token is 256
/// random bits, so a fast hash is enough); a token acts with its user's permissions.
/// </summary>
public sealed class ApiTokenStore(Database db, TimeProvider time)
{
    public const string Prefix = "lc_";

    public static readonly SystemTable Table = new("lc_api_tokens",
    [
        new("id", SqlType.Id, PrimaryKey: true),
        new("user_id", SqlType.Id, Nullable: false),
        new("name", SqlType.Text, Nullable: false),
        new("token_hash", SqlType.Text, Nullable: false),
        new("created_at", SqlType.DateTime, Nullable: false),
        new("expires_at", SqlType.DateTime),
        new("revoked_at", SqlType.DateTime),
    ], [new("ux_lc_api_tokens_hash", ["token_hash"], Unique: true), new("ix_lc_api_tokens_user", ["user_id"])]);

    private sealed class Row
    {
        public string id { get; set; } = "";
        public string user_id { get; set; } = "";
        public string name { get; set; } = "";
        public object created_at { get; set; } = "";
        public object? expires_at { get; set; }
        public object? revoked_at { get; set; }
        public ApiToken ToToken() => new(id, user_id, name, StoredInstant.From(created_at), StoredInstant.FromNullable(expires_at), StoredInstant.FromNullable(revoked_at));
    }

    private string Tokens => db.Dialect.Quote(Table.Name);
    private string Select => $"SELECT id, user_id, name, created_at, expires_at, revoked_at FROM {Tokens}";

    /// <summary>Creates a token for the user; the secret is returned only here.</summary>
    public async Task<(ApiToken Token, string Secret)> CreateAsync(string userId, string? name, DateTimeOffset? expiresAt, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name)) errors["name"] = ["A token needs a name (what it is for)."];
        else if (name.Trim().Length > 100) errors["name"] = ["A token name has at most 100 characters."];
        if (expiresAt is not null && expiresAt <= now) errors["expiresAt"] = ["The expiry must lie in the future."];
        if (errors.Count > 0) throw new ValidationFailedException("The token cannot be created.", errors);

        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken(Guid.CreateVersion7().ToString(), userId, name!.Trim(), now, expiresAt?.ToUniversalTime(), null);
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Tokens} (id, user_id, name, token_hash, created_at, expires_at, revoked_at) VALUES (@Id, @UserId, @Name, @hash, @CreatedAt, @ExpiresAt, NULL)",
            new { token.Id, token.UserId, token.Name, hash = Hash(secret), token.CreatedAt, token.ExpiresAt }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return (token, secret);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(Select + " WHERE user_id = @userId ORDER BY created_at", new { userId }, cancellationToken: ct)))
            .Select(r => r.ToToken()).ToList();
    }

    /// <summary>Revokes one of the user's tokens (any user's when <paramref name="anyUser"/>); 404 when there is no such token.</summary>
    public async Task<ApiToken> RevokeAsync(string userId, string id, bool anyUser, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await scope.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE id = @id" + (anyUser ? "" : " AND user_id = @userId"), new { id, userId }, scope.Transaction, cancellationToken: ct))
            ?? throw new NotFoundException($"Token '{id}' does not exist.");
        var token = row.ToToken();
        if (token.RevokedAt is null)
        {
            token = token with { RevokedAt = time.GetUtcNow() };
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Tokens} SET revoked_at = @RevokedAt WHERE id = @Id", new { token.RevokedAt, token.Id }, scope.Transaction, cancellationToken: ct));
        }
        await scope.CommitAsync(ct);
        return token;
    }

    /// <summary>The token's id and user id when the secret is a live token (not revoked, not expired); otherwise null.</summary>
    public async Task<ApiToken?> FindLiveAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 200) return null;
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE token_hash = @hash", new { hash = Hash(secret) }, cancellationToken: ct));
        var token = row?.ToToken();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= time.GetUtcNow()) return null;
        return token;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
