using Platform.Runtime;
using Platform.Runtime.Apps;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>
/// App roles: the definitions live in the app package ("roles" section, see docs/permissions.md);
/// here administrators read them and grant or revoke membership.
/// </summary>
public static class RoleEndpoints
{
    public sealed record GrantRequest(string? UserId);

    public static void MapRoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/roles").RequireAdmin();

        group.MapGet("", async (string app, AppStore apps, CancellationToken ct) =>
            Results.Json(AppPackage.Section(await apps.GetPackageAsync(app, ct), "roles")));

        // Defines or changes a role of this app (a copy may adapt the roles its template shipped).
        group.MapPut("/{role}", async (string app, string role, System.Text.Json.Nodes.JsonObject body, RoleDefinitionStore store, CancellationToken ct) =>
            Results.Ok(await store.PutAsync(app, role, body, ct)));

        // Removes the role and its memberships.
        group.MapDelete("/{role}", async (string app, string role, RoleDefinitionStore store, CancellationToken ct) =>
        {
            await store.DeleteAsync(app, role, ct);
            return Results.NoContent();
        });

        group.MapGet("/{role}/members", async (string app, string role, RoleDefinitionCache definitions, RoleMembershipStore members,
            UserStore users, CancellationToken ct) =>
        {
            await RequireRoleAsync(definitions, app, role, ct);
            var byId = (await users.ListAsync(ct)).ToDictionary(u => u.Id);
            return Results.Ok((await members.MembersAsync(app, role, ct)).Select(m => new
            {
                userId = m.UserId,
                userName = byId.GetValueOrDefault(m.UserId)?.UserName,
                displayName = byId.GetValueOrDefault(m.UserId)?.DisplayName,
                grantedAt = m.GrantedAt,
                grantedBy = m.GrantedBy,
            }));
        });

        group.MapPost("/{role}/members", async (string app, string role, GrantRequest body, RoleDefinitionCache definitions,
            RoleMembershipStore members, HttpContext http, CallerResolver callers, CancellationToken ct) =>
        {
            await RequireRoleAsync(definitions, app, role, ct);
            if (string.IsNullOrWhiteSpace(body.UserId)) throw ValidationFailedException.For("userId", "Name the user to grant the role to.");
            if (!await members.GrantAsync(app, role, body.UserId, (await callers.ResolveAsync(http, ct)).UserId, ct))
                throw ValidationFailedException.For("userId", $"User '{body.UserId}' does not exist.");
            return Results.NoContent();
        });

        group.MapDelete("/{role}/members/{userId}", async (string app, string role, string userId, RoleMembershipStore members, CancellationToken ct) =>
            await members.RevokeAsync(app, role, userId, ct)
                ? Results.NoContent()
                : throw new NotFoundException($"User '{userId}' does not hold role '{role}' of app '{app}'."));
    }

    private static async Task RequireRoleAsync(RoleDefinitionCache definitions, string app, string role, CancellationToken ct)
    {
        var defs = await definitions.GetAsync(app, ct) ?? throw new NotFoundException($"App '{app}' does not exist.");
        if (!defs.Roles.ContainsKey(role)) throw new NotFoundException($"App '{app}' defines no role '{role}'.");
    }
}
