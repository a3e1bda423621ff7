using Platform.Runtime;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>User administration (platform administrators only).</summary>
public static class UserEndpoints
{
    public sealed record CreateUserRequest(string? UserName, string? Password, string? DisplayName, string? Email, string? DepartmentId, string[]? Roles);
    public sealed record UpdateUserRequest(string? DisplayName, string? Email, string? DepartmentId, string[]? Roles);
    public sealed record PasswordRequest(string? Password);

    public static object Describe(User user, IEnumerable<string> appRoles) => new
    {
        id = user.Id,
        userName = user.UserName,
        displayName = user.DisplayName,
        email = user.Email,
        departmentId = user.DepartmentId,
        isAdmin = user.IsAdmin,
        disabled = user.Disabled,
        roles = (user.IsAdmin ? [CallerResolver.AdminRole] : Array.Empty<string>()).Concat(appRoles).ToArray(),
    };

    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        // Enabled users for pickers (user fields, department heads, approvers): any signed-in user, no admin details.
        app.MapGet("/api/users/directory", async (UserStore users, CancellationToken ct) =>
            Results.Ok((await users.ListAsync(ct)).Where(u => !u.Disabled).Select(u => new
            {
                id = u.Id, userName = u.UserName, displayName = u.DisplayName, departmentId = u.DepartmentId,
            })));

        var group = app.MapGroup("/api/users").RequireAdmin();

        group.MapGet("", async (UserStore users, RoleMembershipStore members, CancellationToken ct) =>
        {
            var roles = (await members.AllAsync(ct)).ToLookup(m => m.UserId, m => RoleMembershipStore.RoleName(m.App, m.Role));
            return Results.Ok((await users.ListAsync(ct)).Select(u => Describe(u, roles[u.Id])));
        });

        group.MapGet("/{id}", async (string id, UserStore users, CancellationToken ct) => Results.Ok(await DescribeAsync(users, id, ct)));

        group.MapPost("", async (CreateUserRequest body, UserStore users, RoleMembershipStore members, RoleDefinitionCache definitions,
            HttpContext http, CallerResolver callers, CancellationToken ct) =>
        {
            var (isAdmin, appRoles) = await ParseRolesAsync(body.Roles, definitions, ct);
            var user = await users.CreateAsync(body.UserName ?? "", body.Password ?? "", new UserChanges(body.DisplayName, body.Email, body.DepartmentId, isAdmin), ct);
            if (appRoles.Count > 0) await members.ReplaceForUserAsync(user.Id, appRoles, (await callers.ResolveAsync(http, ct)).UserId, ct);
            return Results.Created($"/api/users/{user.Id}", await DescribeAsync(users, user.Id, ct));
        });

        // Display name, email, department and roles ("admin" and "app/role"); roles left out stay as they are.
        group.MapPut("/{id}", async (string id, UpdateUserRequest body, UserStore users, RoleMembershipStore members, RoleDefinitionCache definitions,
            HttpContext http, CallerResolver callers, CancellationToken ct) =>
        {
            var current = await users.FindByIdAsync(id, ct) ?? throw new NotFoundException($"User '{id}' does not exist.");
            var me = await callers.ResolveAsync(http, ct);
            var isAdmin = current.IsAdmin;
            IReadOnlyList<(string, string)>? appRoles = null;
            if (body.Roles is not null)
            {
                (isAdmin, appRoles) = await ParseRolesAsync(body.Roles, definitions, ct);
                if (id == me.UserId && !isAdmin) throw ValidationFailedException.For("roles", "You cannot take the administrator role from yourself.");
            }
            await users.UpdateAsync(id, new UserChanges(body.DisplayName, body.Email, body.DepartmentId, isAdmin), ct);
            if (appRoles is not null) await members.ReplaceForUserAsync(id, appRoles, me.UserId, ct);
            return Results.Ok(await DescribeAsync(users, id, ct));
        });

        group.MapPost("/{id}/disable", async (string id, UserStore users, HttpContext http, CallerResolver callers, CancellationToken ct) =>
        {
            if (id == (await callers.ResolveAsync(http, ct)).UserId) throw ValidationFailedException.For("id", "You cannot disable yourself.");
            await users.SetDisabledAsync(id, true, ct);
            return Results.Ok(await DescribeAsync(users, id, ct));
        });

        group.MapPost("/{id}/enable", async (string id, UserStore users, CancellationToken ct) =>
        {
            await users.SetDisabledAsync(id, false, ct);
            return Results.Ok(await DescribeAsync(users, id, ct));
        });

        group.MapPost("/{id}/password", async (string id, PasswordRequest body, UserStore users, CancellationToken ct) =>
        {
            await users.SetPasswordAsync(id, body.Password ?? "", ct);
            return Results.NoContent();
        });
    }

    private static async Task<object> DescribeAsync(UserStore users, string id, CancellationToken ct)
    {
        var found = await users.FindWithRolesAsync(id, ct) ?? throw new NotFoundException($"User '{id}' does not exist.");
        return Describe(found.User, found.AppRoles);
    }

    /// <summary>"admin" is the global administrator role; "app/role" names a role the app defines.</summary>
    private static async Task<(bool IsAdmin, IReadOnlyList<(string App, string Role)> AppRoles)> ParseRolesAsync(
        string[]? roles, RoleDefinitionCache definitions, CancellationToken ct)
    {
        var isAdmin = false;
        var appRoles = new List<(string, string)>();
        var problems = new List<string>();
        foreach (var role in roles ?? [])
        {
            if (role == CallerResolver.AdminRole) { isAdmin = true; continue; }
            var slash = role.IndexOf('/');
            if (slash <= 0) { problems.Add($"Unknown role '{role}': use \"admin\" or \"app/role\"."); continue; }
            var (appKey, roleKey) = (role[..slash], role[(slash + 1)..]);
            var defs = await definitions.GetAsync(appKey, ct);
            if (defs is null) problems.Add($"There is no app '{appKey}'.");
            else if (!defs.Roles.ContainsKey(roleKey)) problems.Add($"App '{appKey}' defines no role '{roleKey}'.");
            else appRoles.Add((appKey, roleKey));
        }
        if (problems.Count > 0) throw new ValidationFailedException("Some roles do not exist.", new Dictionary<string, string[]> { ["roles"] = problems.ToArray() });
        return (isAdmin, appRoles);
    }
}
