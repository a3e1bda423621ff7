using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Platform.Runtime;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

public static class AuthEndpoints
{
    public sealed record SignInRequest(string? UserName, string? Password);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").AllowAnonymous();

        group.MapPost("/sign-in", async (SignInRequest body, UserStore users, SignInThrottle throttle, HttpContext http, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.UserName)) errors["userName"] = ["User name is required."];
            if (string.IsNullOrEmpty(body.Password)) errors["password"] = ["Password is required."];
            if (errors.Count > 0) throw new ValidationFailedException("Sign-in needs a user name and a password.", errors);

            // Failed attempts are limited per user name and per client address (429 with Retry-After).
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.RetryAfter(body.UserName!, address) is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Problem(title: "Too many failed sign-in attempts. Try again later.", statusCode: 429);
            }
            var user = await users.VerifyPasswordAsync(body.UserName!, body.Password!, ct);
            if (user is null)
            {
                throttle.RecordFailure(body.UserName!, address);
                return Results.Problem(title: "User name or password is wrong, or the account is disabled.", statusCode: 401);
            }
            throttle.RecordSuccess(body.UserName!);

            var principal = Principal(user);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            Antiforgery.Issue(http, principal);
            return Results.Ok(await MeEndpoints.DescribeAsync(user.Id, http.RequestServices, ct));
        });

        group.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });
    }

    public static ClaimsPrincipal Principal(User user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id),
        new Claim(ClaimTypes.Name, user.UserName),
    ], CookieAuthenticationDefaults.AuthenticationScheme));
}
