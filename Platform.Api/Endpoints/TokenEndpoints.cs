using System.Security.Claims;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>Bearer API tokens of the signed-in user: create (the secret is shown once), list, revoke.</summary>
public static class TokenEndpoints
{
    public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt);

    public static object Describe(ApiToken t) => new
    {
        id = t.Id, name = t.Name, createdAt = t.CreatedAt, expiresAt = t.ExpiresAt, revokedAt = t.RevokedAt,
    };

    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/tokens");

        group.MapPost("", async (CreateTokenRequest body, HttpContext http, CallerResolver callers, ApiTokenStore tokens, CancellationToken ct) =>
        {
            // A token must not mint longer-lived tokens: only a signed-in person creates them.
            if (http.User.FindFirstValue(BearerTokenHandler.TokenIdClaim) is not null)
                return Results.Problem(title: "API tokens cannot create tokens; sign in to create one.", statusCode: 403);
            var caller = await callers.ResolveAsync(http, ct);
            var (token, secret) = await tokens.CreateAsync(caller.UserId, body.Name, body.ExpiresAt, ct);
            return Results.Created($"/api/auth/tokens/{token.Id}", new
            {
                id = token.Id, name = token.Name, createdAt = token.CreatedAt, expiresAt = token.ExpiresAt, token = secret,
            });
        });

        group.MapGet("", async (HttpContext http, CallerResolver callers, ApiTokenStore tokens, CancellationToken ct) =>
            Results.Ok((await tokens.ListAsync((await callers.ResolveAsync(http, ct)).UserId, ct)).Select(Describe)));

        // Users revoke their own tokens; administrators any token.
        group.MapDelete("/{id}", async (string id, HttpContext http, CallerResolver callers, ApiTokenStore tokens, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            await tokens.RevokeAsync(caller.UserId, id, caller.IsAdmin, ct);
            return Results.NoContent();
        });
    }
}
