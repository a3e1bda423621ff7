using Platform.Runtime.Data;

namespace Platform.Api.Endpoints;

public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // 200 only when start-up finished and the database answers now; load balancers rely on it.
        app.MapGet("/api/health", async (Database db, PlatformStartup startup, CancellationToken ct) =>
        {
            var ok = startup.Ready && await db.PingAsync(ct);
            return Results.Json(new { status = ok ? "ok" : "unavailable", database = db.Dialect.Name },
                statusCode: ok ? 200 : 503);
        }).AllowAnonymous();
    }
}
