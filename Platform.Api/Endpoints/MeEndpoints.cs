using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

public static class MeEndpoints
{
    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    /// <summary>The user as the designer shows them: department (with its path upwards) and roles.</summary>
    public static async Task<object?> DescribeAsync(string userId, IServiceProvider services, CancellationToken ct)
    {
        var found = await services.GetRequiredService<UserStore>().FindWithRolesAsync(userId, ct);
        if (found is not { } f) return null;
        var departments = services.GetRequiredService<DepartmentStore>();
        var department = f.User.DepartmentId is null ? null : await departments.FindAsync(f.User.DepartmentId, ct);
        return new
        {
            id = f.User.Id,
            userName = f.User.UserName,
            displayName = f.User.DisplayName,
            email = f.User.Email,
            isAdmin = f.User.IsAdmin,
            departmentId = f.User.DepartmentId,
            departments = department is null ? [] : new[] { new { id = department.Id, name = department.Name, path = department.Path } },
            roles = (f.User.IsAdmin ? [CallerResolver.AdminRole] : Array.Empty<string>()).Concat(f.AppRoles).ToArray(),
        };
    }

    public static void MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        // Also hands out a fresh antiforgery token for the session (header and XSRF-TOKEN cookie).
        app.MapGet("/api/me", async (HttpContext http, CallerResolver callers, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var me = await DescribeAsync(caller.UserId, http.RequestServices, ct);
            if (me is null) return Results.Unauthorized();
            if (http.User.Identity?.AuthenticationType == Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme)
                Antiforgery.Issue(http, http.User);
            return Results.Ok(me);
        });

        // Users change their own password by proving the current one.
        app.MapPost("/api/me/password", async (ChangePasswordRequest body, HttpContext http, CallerResolver callers, UserStore users, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (await users.VerifyPasswordAsync(caller.UserName, body.CurrentPassword ?? "", ct) is null)
                throw Platform.Runtime.ValidationFailedException.For("currentPassword", "The current password is wrong.");
            await users.SetPasswordAsync(caller.UserId, body.NewPassword ?? "", ct);
            return Results.NoContent();
        });
    }
}
