using System.Security.Claims;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

public static class MeEndpoints
{
    public static object Describe(User user) => new
    {
        id = user.Id,
        userName = user.UserName,
        displayName = user.DisplayName,
        isAdmin = user.IsAdmin,
        departments = Array.Empty<object>(),
        roles = user.IsAdmin ? new[] { "admin" } : Array.Empty<string>(),
    };

    public static void MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", async (ClaimsPrincipal principal, UserStore users, CancellationToken ct) =>
        {
            var user = await users.FindByIdAsync(principal.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
            return user is null ? Results.Unauthorized() : Results.Ok(Describe(user));
        });
    }
}
