using System.Security.Claims;
using Platform.Runtime.Security;

namespace Platform.Api;

/// <summary>
/// Turns the authenticated principal of a request into the runtime's <see cref="Caller"/>, read
/// fresh from the user store so a disabled user or a changed department counts on the next request.
/// </summary>
public sealed class CallerResolver(UserStore users)
{
    public async Task<Caller> ResolveAsync(HttpContext http, CancellationToken ct = default)
    {
        if (http.Items.TryGetValue(typeof(Caller), out var cached) && cached is Caller c) return c;
        var id = http.User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new UnauthorizedAccessException("Not signed in.");
        var user = await users.FindByIdAsync(id, ct);
        if (user is null || user.Disabled) throw new UnauthorizedAccessException("The account does not exist or is disabled.");
        var caller = new Caller(user.Id, user.UserName, user.IsAdmin, null, user.IsAdmin ? ["admin"] : []);
        http.Items[typeof(Caller)] = caller;
        return caller;
    }
}
