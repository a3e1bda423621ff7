namespace Platform.Runtime.Security;

/// <summary>A bearer API token as listed to its owner: never the secret, which is shown once at creation.</summary>
public sealed record ApiToken(string Id, string UserId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);
