using Microsoft.AspNetCore.Authentication.Cookies;
using Platform.Api;
using Platform.Api.Endpoints;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Security;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables();
var settings = PlatformSettings.From(builder.Configuration, builder.Environment.ContentRootPath);

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(settings.DatabaseProvider == "sqlite"
    ? Database.Sqlite(settings.DatabaseConnection)
    : Database.Create(settings.DatabaseProvider, settings.DatabaseConnection));
builder.Services.AddSingleton<UserStore>();
builder.Services.AddSingleton<AppStore>();
builder.Services.AddSingleton<CallerResolver>();
builder.Services.AddSingleton<IAccessPolicy, AdminOnlyAccessPolicy>();
builder.Services.AddSingleton<IExpressionEvaluator, JintExpressionEvaluator>();
builder.Services.AddSingleton(new TemplateCatalog(settings.TemplatesDirectory));
builder.Services.AddSingleton<PlatformStartup>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PlatformStartup>());

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.Cookie.Name = "lowcode.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        // An API answers 401/403; it never redirects to a login page.
        o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
        o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
        // A disabled or deleted user loses access on the next request, not when the cookie expires.
        o.Events.OnValidatePrincipal = async c =>
        {
            var id = c.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
            var user = id is null ? null : await c.HttpContext.RequestServices.GetRequiredService<UserStore>().FindByIdAsync(id);
            if (user is null || user.Disabled) c.RejectPrincipal();
        };
    });
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = _ => { } });
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
app.MapHealthEndpoints();
app.MapAuthEndpoints();
app.MapMeEndpoints();
app.MapAppEndpoints();
app.MapFormEndpoints();

app.MapFallback("/api/{**rest}", () => Results.Problem(title: "No such API route.", statusCode: 404)).AllowAnonymous();
// The designer is a single-page app: unknown non-API paths get its index.html.
app.MapFallbackToFile("index.html").AllowAnonymous();

app.Run();

public partial class Program;
