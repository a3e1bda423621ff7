using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Workflows;
using Platform.Runtime.Workflows.Triggers;

namespace Platform.Api.Endpoints;

/// <summary>Workflow definitions (draft, publish), instances (journal, incidents, retry, signal), manual runs, inbound webhooks, notifications.</summary>
public static class WorkflowEndpoints
{
    public sealed record RunRequest(string? RecordId, JsonObject? Inputs);
    public sealed record SignalRequest(string? Signal, JsonNode? Payload);

    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/workflows");

        group.MapGet("", async (string app, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await RequireAdminAsync(http, callers, ct);
            return Results.Ok(await wf.Definitions.ListAsync(app, ct));
        });

        group.MapGet("/{workflow}", async (string app, string workflow, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await RequireAdminAsync(http, callers, ct);
            var (version, status, json) = await wf.Definitions.GetLatestAsync(app, workflow, ct);
            return Results.Ok(new { version, status, definition = json });
        });

        group.MapPut("/{workflow}", async (string app, string workflow, HttpRequest request, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await RequireAdminAsync(request.HttpContext, callers, ct);
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject
                ?? throw ValidationFailedException.For("$", "The body must be a workflow definition (a JSON object).");
            body["key"] ??= workflow;
            if (body["key"]?.GetValue<string>() != workflow) throw ValidationFailedException.For("key", $"The definition's key must be '{workflow}' as in the address.");
            var (version, definition) = await wf.Definitions.SaveDraftAsync(app, body, ct);
            return Results.Ok(new { key = definition.Key, version, status = "draft" });
        });

        group.MapPost("/{workflow}/publish", async (string app, string workflow, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await RequireAdminAsync(http, callers, ct);
            var version = await wf.Publisher.PublishAsync(app, workflow, ct);
            return Results.Ok(new { key = workflow, version, status = "published" });
        });

        // The manual button: any signed-in user may press it; the instance records who did.
        group.MapPost("/{workflow}/run", async (string app, string workflow, RunRequest? body, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var trigger = new JsonObject { ["recordId"] = body?.RecordId };
            var id = await wf.Starter.StartAsync(app, workflow, "manual", trigger, body?.Inputs, caller, ct);
            return Results.Accepted($"/api/apps/{app}/workflows/{workflow}/instances/{id}", new { instanceId = id });
        });

        group.MapGet("/{workflow}/instances", async (string app, string workflow, string? status, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await RequireAdminAsync(http, callers, ct);
            return Results.Ok(await wf.Instances.ListAsync(app, workflow, status, 200, ct));
        });

        group.MapGet("/{workflow}/instances/{id}", async (string app, string workflow, string id, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await RequireAdminAsync(http, callers, ct);
            var detail = await wf.Instances.GetAsync(app, id, ct);
            return detail.Instance.Workflow == workflow ? Results.Ok(detail) : throw new NotFoundException($"Instance '{id}' is not an instance of '{workflow}'.");
        });

        group.MapPost("/{workflow}/instances/{id}/retry", async (string app, string workflow, string id, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await RequireAdminAsync(http, callers, ct);
            await wf.Instances.GetAsync(app, id, ct);
            var incident = await wf.Engine.RequestRetryAsync(id, ct);
            return Results.Accepted($"/api/apps/{app}/workflows/{workflow}/instances/{id}", new { instanceId = id, incidentId = incident });
        });

        group.MapPost("/{workflow}/instances/{id}/signal", async (string app, string workflow, string id, SignalRequest body, HttpContext http, CallerResolver callers, WorkflowRuntime wf, CancellationToken ct) =>
        {
            await callers.ResolveAsync(http, ct);
            if (string.IsNullOrWhiteSpace(body.Signal)) throw ValidationFailedException.For("signal", "The signal name is required.");
            await wf.Instances.GetAsync(app, id, ct);
            return await wf.Engine.SignalAsync(id, body.Signal, body.Payload, ct)
                ? Results.Accepted($"/api/apps/{app}/workflows/{workflow}/instances/{id}", new { instanceId = id })
                : throw new NotFoundException($"Instance '{id}' is not waiting for signal '{body.Signal}'.");
        });

        // Inbound webhook: anonymous, but the secret header must match (compared in constant time).
        app.MapPost("/api/hooks/{app}/{workflow}", async (string app, string workflow, HttpRequest request, WorkflowRuntime wf, CancellationToken ct) =>
        {
            var published = await wf.Starter.FindAsync(app, workflow, ct);
            var presented = request.Headers[WebhookTrigger.SecretHeader].ToString();
            if (published is null || published.Definition.TriggerType != "webhook" || !WebhookTrigger.SecretMatches(published.Definition.Trigger, presented))
                return Results.Problem(title: "Unknown webhook or wrong secret.", statusCode: 401);
            JsonNode? body = null;
            if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
            var id = await wf.Starter.StartAsync(app, workflow, "webhook", new JsonObject { ["body"] = body }, null, null, ct);
            return Results.Accepted(null as string, new { instanceId = id });
        }).AllowAnonymous();
    }

    private static async Task RequireAdminAsync(HttpContext http, CallerResolver callers, CancellationToken ct)
    {
        var caller = await callers.ResolveAsync(http, ct);
        // Signed in but not an administrator: 403 (401 is only for "not signed in").
        if (!caller.IsAdmin) throw new ForbiddenException("Only an administrator may manage workflows.");
    }
}
