using Platform.Runtime.Comments;

namespace Platform.Api.Endpoints;

/// <summary>
/// /api/apps/{app}/models/{model}/records/{id}/comments: list and add comments ({text, files?}) on a
/// record; allowed to whoever can read the record.
/// </summary>
public static class CommentEndpoints
{
    public static void MapCommentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/models/{model}/records/{id}/comments");

        group.MapGet("", async (string app, string model, string id, HttpContext http, CallerResolver callers, CommentStore comments, CancellationToken ct) =>
            Results.Json(new { items = await comments.ListAsync(await callers.ResolveAsync(http, ct), app, model, id, ct) }));

        group.MapPost("", async (string app, string model, string id, HttpContext http, CallerResolver callers, CommentStore comments, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var body = await RequestBody.ReadObjectAsync(http.Request, ct: ct);
            return Results.Json(await comments.AddAsync(caller, app, model, id, body, ct), statusCode: 201);
        });
    }
}
