using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Api.Endpoints;

/// <summary>In-app notifications of the signed-in user (written by workflow notification steps).</summary>
public static class NotificationEndpoints
{
    private sealed class Row
    {
        public string id { get; set; } = "";
        public string? app { get; set; }
        public string title { get; set; } = "";
        public string? body { get; set; }
        public string? link { get; set; }
        public string? instance_id { get; set; }
        public long created_at { get; set; }
        public long? read_at { get; set; }
    }

    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", async (bool? unread, HttpContext http, CallerResolver callers, Database db, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            await using var c = await db.OpenAsync(ct);
            var rows = await c.QueryAsync<Row>(new CommandDefinition(
                $"SELECT id, app, title, body, link, instance_id, created_at, read_at FROM {db.Dialect.Quote(WorkflowTables.Notifications)} WHERE user_id = @user" +
                (unread == true ? " AND read_at IS NULL" : "") + " ORDER BY created_at DESC" + db.Dialect.Paging("@take", null),
                new { user = caller.UserId, take = 200 }, cancellationToken: ct));
            return Results.Ok(rows.Select(r => new
            {
                r.id, r.app, r.title, r.body, r.link, instanceId = r.instance_id,
                createdAt = DateTimeOffset.FromUnixTimeMilliseconds(r.created_at),
                readAt = r.read_at is { } read ? DateTimeOffset.FromUnixTimeMilliseconds(read) : (DateTimeOffset?)null,
            }));
        });

        app.MapPost("/api/notifications/{id}/read", async (string id, HttpContext http, CallerResolver callers, Database db, TimeProvider clock, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            await using var scope = await db.BeginWriteAsync(ct);
            var n = await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {db.Dialect.Quote(WorkflowTables.Notifications)} SET read_at = @now WHERE id = @id AND user_id = @user AND read_at IS NULL",
                new { id, user = caller.UserId, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
            await scope.CommitAsync(ct);
            return n > 0 ? Results.NoContent() : Results.NotFound();
        });
    }
}
