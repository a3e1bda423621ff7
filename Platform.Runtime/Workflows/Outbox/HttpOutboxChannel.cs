using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Outbox;

/// <summary>
/// Sends HTTP requests from the outbox with an Idempotency-Key header (the same on every attempt, so
/// the receiver can drop repeats). Network errors, timeouts, 408, 429 and 5xx are retried; any other
/// response is delivered and handed back as {status, body}.
/// </summary>
public sealed class HttpOutboxChannel(HttpClient http) : IOutboxChannel
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public string Channel => "http";

    // Chinese text goes out as UTF-8, not \u escapes: robot webhooks and people reading logs both prefer it.
    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<JsonObject> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var p = message.Payload;
        using var request = new HttpRequestMessage(new HttpMethod(p["method"]?.GetValue<string>() ?? "POST"), p["url"]!.GetValue<string>());
        if (p["body"] is { } body && request.Method != HttpMethod.Get)
            request.Content = body is JsonValue v && v.TryGetValue<string>(out var text)
                ? new StringContent(text, Encoding.UTF8, "text/plain")
                : new StringContent(body.ToJsonString(Json), Encoding.UTF8, "application/json");
        foreach (var (name, value) in p["headers"] as JsonObject ?? [])
            if (!request.Headers.TryAddWithoutValidation(name, value?.ToString()) && request.Content is not null)
                request.Content.Headers.TryAddWithoutValidation(name, value?.ToString());
        request.Headers.Remove(IdempotencyHeader);
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, message.IdempotencyKey);
        HttpResponseMessage response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            // A refused address stays refused: delivered as a failure at once instead of retried.
            return new JsonObject { ["status"] = 0, ["error"] = refused.Message };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new OutboxDeliveryException($"{request.Method} {request.RequestUri} failed: {e.Message}", e);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is 408 or 429 or >= 500) throw new OutboxDeliveryException($"{request.Method} {request.RequestUri} answered {status}.");
            var content = await response.Content.ReadAsStringAsync(ct);
            if (content.Length > 65536) content = content[..65536];
            JsonNode? parsed;
            try { parsed = content.Length == 0 ? null : JsonNode.Parse(content); }
            catch (System.Text.Json.JsonException) { parsed = content; }
            return new JsonObject { ["status"] = status, ["body"] = parsed };
        }
    }
}
