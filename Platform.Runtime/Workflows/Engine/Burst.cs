using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Outbox;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>A step waiting to run: an activity, reached from a source, executed fresh or resumed with an input.</summary>
internal sealed record Step(string ActivityId, string? From, bool Resume = false, JsonNode? Input = null)
{
    public JsonObject ToJson() => new() { ["activity"] = ActivityId, ["from"] = From };
    public static Step FromJson(JsonNode n) => new(n["activity"]!.GetValue<string>(), n["from"]?.GetValue<string>());
}

internal sealed record JournalEntry(long Seq, long At, string? ActivityId, string? ActivityType, string Kind, string? Outcome, string Message);

/// <summary>
/// Everything one step burst touches, inside one transaction: the instance row (row version
/// checked), bookmarks, follow-up work, outbox messages and journal entries.
/// </summary>
internal sealed class Burst
{
    public required WriteScope Scope { get; init; }
    public required string App { get; init; }
    public required string InstanceId { get; init; }
    public required WorkflowDefinition Definition { get; init; }
    public required long Version { get; init; }
    public required InstanceState State { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required IExpressionEvaluator Evaluator { get; init; }
    public required WorkQueue Queue { get; init; }
    public required OutboxStore Outbox { get; init; }
    public required ISqlDialect Dialect { get; init; }
    public CancellationToken Cancellation { get; init; }
    public bool IsNew { get; init; }
    public long RowVersion { get; init; }
    public string? ParentId { get; init; }
    public string? ParentBookmark { get; init; }
    public string? Correlation { get; init; }
    /// <summary>Set for a dry run: waits, outbox messages and child starts are captured here instead of written.</summary>
    public DryRunCapture? Capture { get; init; }

    public List<JournalEntry> Journal { get; } = [];
    /// <summary>Set when the burst runs in a batch: its journal lines are written with the batch's, not on their own.</summary>
    public List<(string InstanceId, JournalEntry Entry)>? JournalSink { get; init; }
    /// <summary>Bookmarks this burst created (a new instance waits on exactly these).</summary>
    public int BookmarksCreated { get; private set; }
    public bool Ended { get; set; }
    public bool Faulted { get; set; }
    /// <summary>Work due now was enqueued: wake the worker after commit.</summary>
    public bool WakeWorker { get; set; }

    public void Write(string? activityId, string? type, string kind, string? outcome, string message) =>
        Journal.Add(new JournalEntry(State.NextJournalSeq(), Now.ToUnixTimeMilliseconds(), activityId, type, kind, outcome, message));

    public async Task<string> CreateBookmarkAsync(string activityId, string name, string waitsFor, DateTimeOffset? dueAt)
    {
        var id = Guid.CreateVersion7().ToString();
        if (Capture is not null) { Capture.Pause(activityId, name, waitsFor, dueAt); return id; }
        await Scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Dialect.Quote(WorkflowTables.Bookmarks)} (id, instance_id, activity_id, name, bookmark_hash, due_at, created_at) " +
            "VALUES (@id, @instanceId, @activityId, @name, @hash, @due, @now)",
            new { id, instanceId = InstanceId, activityId, name, hash = BookmarkHash.Of(name, waitsFor), due = dueAt?.ToUnixTimeMilliseconds(), now = Now.ToUnixTimeMilliseconds() },
            Scope.Transaction, cancellationToken: Cancellation));
        BookmarksCreated++;
        if (dueAt is { } due)
        {
            await Queue.EnqueueAsync(Scope, WorkKind.Timer, App, Definition.Key, InstanceId, new JsonObject { ["bookmarkId"] = id }, due, "timer:" + id, Cancellation);
            if (due <= Now) WakeWorker = true;
        }
        return id;
    }

    public async Task<string> EnqueueOutboxAsync(string activityId, string channel, JsonObject payload, string? bookmarkId)
    {
        // The key is stable for this instance step, so a retried burst produces the same message, never a second one.
        var key = $"{InstanceId}:{activityId}:{State.Json["seq"]}";
        if (Capture is not null) { Capture.SideEffect(activityId, channel, payload); return key; }
        return await Outbox.EnqueueAsync(Scope, InstanceId, bookmarkId, channel, payload, key, Now, Cancellation);
    }

    public async Task StartChildAsync(string workflowKey, JsonObject inputs, string bookmarkId)
    {
        if (Capture is not null) { Capture.SideEffect("", "subWorkflow", new JsonObject { ["workflow"] = workflowKey, ["inputs"] = inputs.DeepClone() }); return; }
        var childId = Guid.CreateVersion7().ToString();
        var payload = new JsonObject
        {
            ["instanceId"] = childId,
            ["inputs"] = inputs,
            ["parentId"] = InstanceId,
            ["parentBookmark"] = bookmarkId,
            ["trigger"] = new JsonObject { ["kind"] = "subworkflow", ["parentId"] = InstanceId, ["caller"] = State.Trigger?["caller"]?.DeepClone() },
        };
        await Queue.EnqueueAsync(Scope, WorkKind.Start, App, workflowKey, childId, payload, Now, "start:" + childId, Cancellation);
        WakeWorker = true;
    }
}
