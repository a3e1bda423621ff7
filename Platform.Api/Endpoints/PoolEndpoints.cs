using System.Text.Json;
using Platform.Runtime;
using Platform.Runtime.Data;

namespace Platform.Api.Endpoints;

/// <summary>
/// The shared pool of a model (docs/permissions.md): POST …/records/{id}/claim, …/release and
/// …/assign {"userId"}. Each answers the record as the caller sees it afterwards.
/// </summary>
public static class PoolEndpoints
{
    public static void MapPoolEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/models/{model}/records/{id}");

        group.MapPost("/claim", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordPool pool, CancellationToken ct) =>
            Results.Json(await pool.ClaimAsync(await callers.ResolveAsync(http, ct), app, model, id, ct)));

        group.MapPost("/release", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordPool pool, CancellationToken ct) =>
            Results.Json(await pool.ReleaseAsync(await callers.ResolveAsync(http, ct), app, model, id, ct)));

        group.MapPost("/assign", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordPool pool, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var body = await RequestBody.ReadObjectAsync(http.Request, ct: ct);
            var userId = body["userId"] is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            if (string.IsNullOrEmpty(userId)) throw ValidationFailedException.For("userId", "Give the id of the user who becomes the owner.");
            return Results.Json(await pool.AssignAsync(caller, app, model, id, userId, ct));
        });
    }
}
