using Platform.Runtime;
using Platform.Runtime.Workflows;

namespace Platform.Api.Endpoints;

/// <summary>Out-of-office delegation: while away (from … to), a user's new tasks go to their delegate.</summary>
public static class DelegationEndpoints
{
    public sealed record DelegationRequest(string? DelegateId, DateTimeOffset? From, DateTimeOffset? To);

    public static void MapDelegationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/delegation");

        group.MapGet("", async (string? userId, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            var user = await UserAsync(userId, http, callers, ct);
            return await wf.Tasks.GetDelegationAsync(user, ct) is { } d ? Results.Ok(d) : Results.NoContent();
        });

        group.MapPut("", async (string? userId, DelegationRequest body, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            var user = await UserAsync(userId, http, callers, ct);
            if (string.IsNullOrWhiteSpace(body.DelegateId)) throw ValidationFailedException.For("delegateId", "Whom to delegate to is required.");
            if (body.From is null || body.To is null) throw ValidationFailedException.For("to", "The delegation needs 'from' and 'to'.");
            await wf.Tasks.SetDelegationAsync(user, body.DelegateId, body.From.Value, body.To.Value, ct);
            return Results.Ok(await wf.Tasks.GetDelegationAsync(user, ct));
        });

        group.MapDelete("", async (string? userId, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await wf.Tasks.ClearDelegationAsync(await UserAsync(userId, http, callers, ct), ct);
            return Results.NoContent();
        });
    }

    // Users set their own delegation; administrators anyone's.
    private static async Task<string> UserAsync(string? userId, HttpContext http, CallerResolver callers, CancellationToken ct)
    {
        var caller = await callers.ResolveAsync(http, ct);
        if (userId is null || userId == caller.UserId) return caller.UserId;
        return caller.IsAdmin ? userId : throw new ForbiddenException("Only an administrator may set another user's delegation.");
    }
}
