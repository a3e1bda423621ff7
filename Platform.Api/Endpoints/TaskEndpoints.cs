using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Runtime.Tasks;
using Platform.Runtime.Workflows;

namespace Platform.Api.Endpoints;

/// <summary>The task inbox: my tasks with counts, one task with its record, and acting on it (docs/workflows.md, "Human tasks").</summary>
public static class TaskEndpoints
{
    public sealed record CompleteRequest(string? Action, string? Comment, JsonNode? To, List<string>? Files);

    public static void MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks");

        // assignee=me (default) or, for administrators, a user id; status=open (default) | done.
        group.MapGet("", async (string? assignee, string? status, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var user = assignee is null or "me" ? caller.UserId : caller.IsAdmin ? assignee
                : throw new ForbiddenException("Only an administrator may list another user's tasks.");
            return Results.Ok(await wf.Tasks.ListForAsync(user, status ?? "open", ct));
        });

        // The record under the task is shown to its assignees even without their own read permission on it.
        group.MapGet("/{id}", async (string id, HttpContext http, CallerResolver callers, WorkflowRuntime wf, RecordStore records, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var task = await wf.Tasks.GetAsync(id, caller, ct);
            if (task["model"]?.ToString() is { } model && task["recordId"]?.ToString() is { } recordId)
            {
                try { task["record"] = await records.GetAsync(Caller.System, task["app"]!.ToString(), model, recordId, ct); }
                catch (NotFoundException) { task["record"] = null; }
            }
            return Results.Ok(task);
        });

        group.MapPost("/{id}/complete", async (string id, CompleteRequest? body, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            return Results.Ok(await wf.Tasks.CompleteAsync(id, caller, new TaskAction(body?.Action, body?.Comment, body?.To, body?.Files), ct));
        });
    }
}
