using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>
/// What the access policy decides for a model: the caller's own access (the runner uses it to hide
/// buttons and columns; the server enforces it anyway), or, for administrators, any user's.
/// </summary>
public static class AccessEndpoints
{
    public static object Describe(ModelAccess access) => new
    {
        actions = access.Actions.Select(a => a.ToString().ToLowerInvariant()).Order().ToArray(),
        rowFilter = access.RowFilter?.DeepClone(),
        rowFilters = access.ActionRowFilters?.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value?.DeepClone()),
        fields = access.Fields.ToDictionary(p => p.Key, p => p.Value switch
        {
            FieldAccess.Hidden => "hidden", FieldAccess.ReadOnly => "readOnly", _ => "editable",
        }),
    };

    public static void MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/apps/{app}/models/{model}/access", async (string app, string model, string? userId, HttpContext http,
            CallerResolver callers, IAccessPolicy policy, CancellationToken ct) =>
        {
            var me = await callers.ResolveAsync(http, ct);
            var caller = me;
            if (userId is not null && userId != me.UserId)
            {
                if (!me.IsAdmin) return Results.Problem(title: "Only administrators may look at another user's access.", statusCode: 403);
                caller = await callers.ForUserAsync(userId, ct) ?? throw new NotFoundException($"User '{userId}' does not exist or is disabled.");
            }
            return Results.Ok(Describe(await policy.ForModelAsync(caller, app, model, ct)));
        });
    }
}
