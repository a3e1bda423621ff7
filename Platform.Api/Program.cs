using Microsoft.AspNetCore.Authentication.Cookies;
using Platform.Api;
using Platform.Api.Endpoints;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Files;
using Platform.Runtime.Expressions.Calendar;
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
builder.Services.AddSingleton<ModelCatalog>();
builder.Services.AddSingleton<AuditLog>();
builder.Services.AddSingleton<RecordStore>();
builder.Services.AddSingleton<RecordQuery>();
builder.Services.AddSingleton<RecordImporter>();
builder.Services.AddSingleton<RecordExporter>();
builder.Services.AddSingleton<Platform.Runtime.Data.SampleData.SampleDataGenerator>();
builder.Services.AddSingleton<RecordPool>();
builder.Services.AddSingleton<Platform.Runtime.Forms.PublicFormThrottle>();
builder.Services.AddSingleton<FileReferences>();
builder.Services.AddSingleton<Platform.Runtime.Comments.CommentStore>();
builder.Services.AddSingleton<IFileStore>(sp => new DiskFileStore(sp.GetRequiredService<Database>(), Path.Combine(settings.DataDirectory, "files")));
// Uploads are the largest bodies (50 MB files); JSON endpoints apply their own smaller limits.
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = DiskFileStore.MaxSize + 1024 * 1024);
builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = DiskFileStore.MaxSize + 1024 * 1024);
builder.Services.AddSingleton<CallerResolver>();
// Callers are cached per user; the cache hears of user changes (disable, move) as a user change listener.
builder.Services.AddSingleton<CallerCache>();
builder.Services.AddSingleton<IUserChangeListener>(sp => sp.GetRequiredService<CallerCache>());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DepartmentStore>();
builder.Services.AddSingleton<RoleMembershipStore>();
builder.Services.AddSingleton<RoleDefinitionCache>();
builder.Services.AddSingleton<RoleDefinitionStore>();
builder.Services.AddSingleton<ApiTokenStore>();
builder.Services.AddSingleton<IAccessPolicy, RoleAccessPolicy>();
builder.Services.AddSingleton(sp => new SignInThrottle(
    builder.Configuration.GetValue("LOWCODE_SIGNIN_MAX_FAILURES_PER_USER", 5),
    builder.Configuration.GetValue("LOWCODE_SIGNIN_MAX_FAILURES_PER_ADDRESS", 20),
    TimeSpan.FromSeconds(builder.Configuration.GetValue("LOWCODE_SIGNIN_WINDOW_SECONDS", 60)),
    sp.GetRequiredService<TimeProvider>()));
// Expressions read and write dates in this zone (IANA id); the browser uses the same default.
builder.Services.AddSingleton(new ExpressionSettings { TimeZone = builder.Configuration["LOWCODE_TIME_ZONE"] is { Length: > 0 } tz ? tz : "Asia/Shanghai" });
builder.Services.AddSingleton<IExpressionEvaluator, JintExpressionEvaluator>();
builder.Services.AddSingleton<WorkCalendarStore>();
builder.Services.AddSingleton(new TemplateCatalog(settings.TemplatesDirectory));
builder.Services.AddSingleton<PlatformStartup>();
// Workflow HTTP requests may not reach the platform's own network unless allowed (LOWCODE_WORKFLOW_HTTP_ALLOW).
var outboundGuard = new Platform.Runtime.Workflows.Outbox.OutboundAddressGuard(builder.Configuration[Platform.Runtime.Workflows.Outbox.OutboundAddressGuard.Setting]);
builder.Services.AddHttpClient("workflow-outbox").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectCallback = outboundGuard.ConnectAsync });
builder.Services.AddSingleton(sp => Platform.Runtime.Workflows.WorkflowRuntime.Create(sp.GetRequiredService<Database>(),
    sp.GetRequiredService<IExpressionEvaluator>(), sp.GetRequiredService<TimeProvider>(),
    sp.GetRequiredService<IHttpClientFactory>().CreateClient("workflow-outbox"),
    // Working-day delays and SLAs use the expressions' calendar, admin edits included, in the platform's zone.
    calendar: new Platform.Runtime.Workflows.Scheduling.ExpressionWorkingCalendar(
        () => (sp.GetRequiredService<IExpressionEvaluator>() as JintExpressionEvaluator)?.Calendar ?? WorkCalendar.China,
        TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<ExpressionSettings>().TimeZone)),
    extraChannels: builder.Configuration["LOWCODE_SMTP_HOST"] is { Length: > 0 } smtpHost
        ? [new Platform.Runtime.Workflows.Outbox.SmtpEmailChannel(new(smtpHost, int.Parse(builder.Configuration["LOWCODE_SMTP_PORT"] ?? "25"),
            builder.Configuration["LOWCODE_SMTP_FROM"] ?? "lowcode@localhost", builder.Configuration["LOWCODE_SMTP_USER"], builder.Configuration["LOWCODE_SMTP_PASSWORD"]))]
        : null,
    // Record steps write through the record store (permissions, audit, triggers) inside the step's transaction.
    records: new Platform.Runtime.Workflows.DeferredRecordGateway(() => sp.GetRequiredService<RecordStore>()),
    guard: outboundGuard));
builder.Services.AddSingleton<IUserChangeListener>(sp => sp.GetRequiredService<Platform.Runtime.Workflows.WorkflowRuntime>().UserListener);
builder.Services.AddSingleton<IRecordChangeListener>(sp => sp.GetRequiredService<Platform.Runtime.Workflows.WorkflowRuntime>().RecordListener);
builder.Services.AddSingleton<IRecordChangeListener>(sp => new Platform.Runtime.Tasks.TasksFollowOwner(sp.GetRequiredService<Platform.Runtime.Workflows.WorkflowRuntime>().Tasks));
builder.Services.AddHostedService(sp => sp.GetRequiredService<PlatformStartup>());
builder.Services.AddHostedService<WorkflowWorker>();
builder.Services.AddHostedService<WorkCalendarLoader>();

builder.Services.AddProblemDetails();
// Chinese text stays readable in responses instead of \uXXXX escapes.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddAntiforgery(Antiforgery.Configure);
// One default scheme that picks the bearer handler for "Authorization: Bearer …" and the session cookie otherwise.
builder.Services.AddAuthentication("session-or-token")
    .AddPolicyScheme("session-or-token", "Session cookie or API token", o => o.ForwardDefaultSelector = c =>
        BearerTokenHandler.HasBearer(c.Request) ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
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
        // A disabled or deleted user loses access on the next request, not when the cookie expires;
        // the caller (department, roles) read here is reused for the rest of the request.
        o.Events.OnValidatePrincipal = async c =>
        {
            var caller = c.Principal is null ? null
                : await c.HttpContext.RequestServices.GetRequiredService<CallerResolver>().TryResolveAsync(c.HttpContext, c.Principal);
            if (caller is null) c.RejectPrincipal();
        };
    });
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
// The session cookie and antiforgery tokens of each request are decrypted once a minute, not every time.
UnprotectCache.Register(builder.Services);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = _ => { } });
app.UseAuthentication();
app.UseSessionAntiforgery();
app.UseAuthorization();

app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
app.MapHealthEndpoints();
app.MapAuthEndpoints();
app.MapMeEndpoints();
app.MapAppEndpoints();
app.MapModelEndpoints();
app.MapRecordEndpoints();
app.MapPoolEndpoints();
app.MapFileEndpoints();
app.MapUserEndpoints();
app.MapDepartmentEndpoints();
app.MapRoleEndpoints();
app.MapAccessEndpoints();
app.MapTokenEndpoints();
app.MapExpressionEndpoints();
app.MapCalendarEndpoints();
app.MapWorkflowEndpoints();
app.MapNotificationEndpoints();
app.MapFormEndpoints();
app.MapPublicFormEndpoints();
app.MapRunnerEndpoints();
app.MapSampleDataEndpoints();
app.MapDecisionTableEndpoints();
app.MapCommentEndpoints();
app.MapTaskEndpoints();
app.MapDelegationEndpoints();

app.MapFallback("/api/{**rest}", () => Results.Problem(title: "No such API route.", statusCode: 404)).AllowAnonymous();
// The designer is a single-page app: unknown non-API paths get its index.html.
app.MapFallbackToFile("index.html").AllowAnonymous();

app.Run();

public partial class Program;
