using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Outbox;

/// <summary>
/// Delivers one kind of outbox message (http, email). Returns the response to hand back to a waiting
/// instance; throws <see cref="OutboxDeliveryException"/> when the attempt should be repeated later.
/// </summary>
public interface IOutboxChannel
{
    string Channel { get; }
    Task<JsonObject> SendAsync(OutboxMessage message, CancellationToken ct);
}

public sealed class OutboxDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
