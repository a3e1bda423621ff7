using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Security.Claims;

namespace Platform.Api;

/// <summary>
/// Antiforgery for the browser session: a state-changing request (POST, PUT, PATCH, DELETE) that
/// rides on the session cookie must echo the XSRF token in the X-XSRF-TOKEN header. The token is
/// handed out by sign-in and GET /api/me (response header and a readable XSRF-TOKEN cookie).
/// Bearer-token requests carry no ambient credential and are exempt.
/// </summary>
public static class Antiforgery
{
    public const string HeaderName = "X-XSRF-TOKEN";
    public const string ReadableCookie = "XSRF-TOKEN";

    public static void Configure(AntiforgeryOptions o)
    {
        o.HeaderName = HeaderName;
        o.Cookie.Name = "lowcode.antiforgery";
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>Issues the request token for this principal (just signed in, or the session's).</summary>
    public static void Issue(HttpContext http, ClaimsPrincipal principal)
    {
        // The token is bound to the user, so generate it for the principal that will send it back.
        http.User = principal;
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        http.Response.Headers[HeaderName] = tokens.RequestToken;
        http.Response.Cookies.Append(ReadableCookie, tokens.RequestToken!, new CookieOptions
        {
            HttpOnly = false, SameSite = SameSiteMode.Strict, Path = "/", Secure = http.Request.IsHttps,
        });
    }

    /// <summary>Refuses cookie-authenticated state-changing requests without a valid token (400).</summary>
    public static IApplicationBuilder UseSessionAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (NeedsCheck(http))
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                await Results.Problem(title: $"The request lacks a valid antiforgery token: send the {HeaderName} header from sign-in or GET /api/me.",
                    statusCode: 400).ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });

    private static bool NeedsCheck(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) &&
        !HttpMethods.IsOptions(http.Request.Method) && !HttpMethods.IsTrace(http.Request.Method) &&
        http.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme } &&
        !http.Request.Path.StartsWithSegments("/api/auth/sign-in") &&
        // Public forms act as the system whoever sends them: the session cookie grants nothing there.
        !http.Request.Path.StartsWithSegments("/api/public");
}
