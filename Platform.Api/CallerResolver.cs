using System.Security.Claims;
using Platform.Runtime.Security;

namespace Platform.Api;

/// <summary>
/// Turns the authenticated principal of a request into the runtime's <see cref="Caller"/>: the user
/// with their app roles, read once and then kept in the <see cref="CallerCache"/>, which forgets a
/// user as soon as they are disabled, moved or their roles change, so that counts on the next request.
/// </summary>
public sealed class CallerResolver(UserStore users, CallerCache cache)
{
    public const string AdminRole = UserStore.AdminRole;

    public async Task<Caller> ResolveAsync(HttpContext http, CancellationToken ct = default) =>
        await TryResolveAsync(http, http.User, ct) ?? throw new UnauthorizedAccessException("Not signed in, or the account does not exist or is disabled.");

    /// <summary>The caller for this principal, or null when its user is missing or disabled. Cached for the request.</summary>
    public async Task<Caller?> TryResolveAsync(HttpContext http, ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (http.Items.TryGetValue(typeof(Caller), out var cached) && cached is Caller c) return c;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        var caller = await cache.GetAsync(id, users.CallerAsync, ct);
        if (caller is not null) http.Items[typeof(Caller)] = caller;
        return caller;
    }

    /// <summary>The caller a user would be now (null when missing or disabled): department and roles as stored.</summary>
    public Task<Caller?> ForUserAsync(string userId, CancellationToken ct = default) => users.CallerAsync(userId, ct);
}
