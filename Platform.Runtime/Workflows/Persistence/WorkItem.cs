using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Persistence;

public static class WorkKind
{
    public const string Start = "start";
    public const string Resume = "resume";
    public const string Timer = "timer";
    public const string Retry = "retry";
}

/// <summary>
/// One item of the durable queue. Claimed items carry a lease; the idempotency key is unique across the queue.
/// <paramref name="Seq"/> is the item's place in SQLite's queue table (<see cref="SqliteWorkTable"/>); 0 elsewhere.
/// </summary>
public sealed record WorkItem(
    string Id, string Kind, string App, string WorkflowKey, string? InstanceId,
    JsonObject Payload, DateTimeOffset DueAt, int Attempts, string IdempotencyKey, long Seq = 0);
