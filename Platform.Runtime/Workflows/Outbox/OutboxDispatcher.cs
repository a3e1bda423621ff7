using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Outbox;

/// <summary>
/// Delivers claimed outbox messages through their channel, then marks each delivered and (for a
/// waiting instance) queues the resume with the response, in one transaction. A node that dies after
/// sending and before marking leaves the message to be sent again with the same idempotency key.
/// </summary>
public sealed class OutboxDispatcher(Database db, OutboxStore store, WorkQueue queue, IEnumerable<IOutboxChannel> channels, TimeProvider clock, WorkSignal signal)
{
    public const int MaxAttempts = 5;
    private readonly Dictionary<string, IOutboxChannel> _channels = channels.ToDictionary(c => c.Channel);

    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    public async Task<int> DeliverOnceAsync(string owner, CancellationToken ct = default)
    {
        var messages = await store.ClaimAsync(owner, 16, Lease, ct);
        await Task.WhenAll(messages.Select(m => DeliverAsync(m, owner, ct)));
        return messages.Count;
    }

    private async Task DeliverAsync(OutboxMessage message, string owner, CancellationToken ct)
    {
        JsonObject response;
        try
        {
            if (!_channels.TryGetValue(message.Channel, out var channel))
                throw new OutboxDeliveryException($"No '{message.Channel}' channel is configured on this node.");
            response = await channel.SendAsync(message, ct);
        }
        catch (OutboxDeliveryException e)
        {
            if (message.Attempts < MaxAttempts)
            {
                await store.RetryLaterAsync(message, owner, e.Message, TimeSpan.FromSeconds(Math.Pow(2, message.Attempts)), ct);
                return;
            }
            await FinishAsync(message, owner, "failed", e.Message, new JsonObject { ["status"] = 0, ["error"] = e.Message }, ct);
            return;
        }
        await FinishAsync(message, owner, "delivered", null, response, ct);
    }

    private async Task FinishAsync(OutboxMessage message, string owner, string status, string? error, JsonObject response, CancellationToken ct)
    {
        await using var scope = await db.BeginBackgroundWriteAsync(defer: false, ct);
        if (!await store.FinishAsync(scope, message, owner, status, error, ct)) return;
        if (message.BookmarkId is { } bookmark && message.InstanceId is { } instance)
        {
            await queue.EnqueueAsync(scope, WorkKind.Resume, "", "", instance, new JsonObject { ["bookmarkId"] = bookmark, ["input"] = response },
                clock.GetUtcNow(), "resume:" + bookmark, ct);
            scope.AfterCommit(signal.Notify);
        }
        await scope.CommitAsync(ct);
    }
}
