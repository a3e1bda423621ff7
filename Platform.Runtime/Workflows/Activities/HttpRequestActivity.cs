using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Sends an HTTP request ("method", "url", "headers", "body") through the outbox: the request is
/// written in the burst's transaction, sent after commit with an Idempotency-Key header (retried until
/// delivered), and the instance resumes with the response {status, body} as output: Done, or Failed
/// when the response is not 2xx or delivery gave up. Addresses of the platform's own network are
/// refused (<see cref="Outbox.OutboundAddressGuard"/>).
/// </summary>
public sealed class HttpRequestActivity(Outbox.OutboundAddressGuard? guard = null) : IActivity
{
    public string Type => "http";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done", "Failed"];
    public bool Waits => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var url = context.PropertyString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ActivityFailedException($"'url' must be an absolute http(s) address: {url}");
        if (guard?.Refusal(uri) is { } refused) throw new ActivityFailedException(refused);
        var payload = new JsonObject
        {
            ["method"] = (context.PropertyString("method") ?? "POST").ToUpperInvariant(),
            ["url"] = uri.ToString(),
            ["headers"] = context.Property("headers") as JsonObject ?? new JsonObject(),
            ["body"] = context.Property("body"),
        };
        var bookmark = await context.CreateBookmarkAsync("http", context.Activity.Id + ":" + context.State.Json["seq"]);
        await context.EnqueueOutboxAsync("http", payload, bookmark);
        context.Note($"{payload["method"]} {uri} queued");
        return ActivityResult.Suspend();
    }

    public Task<ActivityResult> ResumeAsync(ActivityContext context, JsonNode? input)
    {
        context.State.Outputs[context.Activity.Id] = input?.DeepClone();
        var status = input?["status"]?.GetValue<int>() ?? 0;
        context.Note(status > 0 ? $"response {status}" : $"not delivered: {input?["error"]}");
        return Task.FromResult(ActivityResult.Outcome(status is >= 200 and < 300 ? "Done" : "Failed"));
    }
}
