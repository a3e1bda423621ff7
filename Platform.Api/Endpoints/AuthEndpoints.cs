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

        group.MapPost("/sign-in", async (SignInRequest body, UserStore users, HttpContext http, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.UserName)) errors["userName"] = ["User name is required."];
            if (string.IsNullOrEmpty(body.Password)) errors["password"] = ["Password is required."];
            if (errors.Count > 0) throw new ValidationFailedException("Sign-in needs a user name and a password.", errors);

            var user = await users.VerifyPasswordAsync(body.UserName!, body.Password!, ct);
            if (user is null)
                return Results.Problem(title: "User name or password is wrong, or the account is disabled.", statusCode: 401);

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(user));
            return Results.Ok(MeEndpoints.Describe(user));
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
