using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Outbox;
using Platform.Runtime.Workflows.Persistence;
using Platform.Runtime.Workflows.Triggers;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// Runs one claimed work item as one step burst in one transaction: the instance is updated with its
/// row version checked, the bookmark consumed (none deleted means someone else resumed: stop),
/// follow-up work and outbox messages queued, the journal appended, and the work item deleted.
/// If the node dies before commit, nothing of the burst exists and the leased item is claimed again.
/// </summary>
public sealed class WorkflowEngine(
    Database db, WorkQueue queue, OutboxStore outbox, WorkflowDefinitionStore definitions, WorkflowCatalog catalog,
    ActivityRegistry activities, TriggerRegistry triggers, IExpressionEvaluator evaluator, TimeProvider clock, WorkSignal signal)
{
    /// <summary>Steps per burst before the rest is handed to a fresh work item (keeps transactions short and loops fair).</summary>
    public const int MaxStepsPerBurst = 1000;
    /// <summary>
    /// Claims of one item after which it becomes an incident instead of being tried again. A claim by a
    /// node that dies before reaching the item counts too, so this is generous; small claim batches keep
    /// such innocent claims few.
    /// </summary>
    public const int MaxAttempts = 10;

    private readonly WorkQueueSql _sql = new(db.Dialect);
    private string Q(string name) => db.Dialect.Quote(name);

    private sealed class InstanceRow
    {
        public string id { get; set; } = "";
        public string app { get; set; } = "";
        public string workflow_key { get; set; } = "";
        public long version { get; set; }
        public string status { get; set; } = "";
        public string state { get; set; } = "{}";
        public string? correlation { get; set; }
        public string? parent_id { get; set; }
        public string? parent_bookmark { get; set; }
        public long row_version { get; set; }
    }

    private sealed class BookmarkRow
    {
        public string id { get; set; } = "";
        public string activity_id { get; set; } = "";
        public string name { get; set; } = "";
        public string app { get; set; } = "";
        public string workflow_key { get; set; } = "";
        public string status { get; set; } = "";
    }

    private const string InstanceColumns = "id, app, workflow_key, version, status, state, correlation, parent_id, parent_bookmark, row_version";

    /// <summary>Processes a claimed item. False when the lease was lost or the burst clashed with another one (the item is then retried).</summary>
    public async Task<bool> ProcessAsync(WorkItem item, string owner, CancellationToken ct = default)
    {
        try
        {
            await using var scope = await db.BeginBackgroundWriteAsync(defer: false, ct);
            if (!await RunItemAsync(scope, item, owner, null, ct)) return false;
            await scope.CommitAsync(ct);
            return true;
        }
        catch (StaleInstanceException)
        {
            // Another burst changed the instance first: give the item back at once, it runs on the fresh state.
            await queue.ReleaseAsync(item, owner, clock.GetUtcNow(), ct);
            return false;
        }
        catch (Exception e) when (IsTransient(e))
        {
            // Transient or broken infrastructure: back off; after MaxAttempts claims it becomes an incident.
            await queue.ReleaseAsync(item, owner, Backoff(item), ct);
            return false;
        }
    }

    /// <summary>
    /// Processes claimed items as one transaction (SQLite, one writer: one commit for many bursts). Each
    /// item runs in a savepoint of its own, so an item that fails is rolled back alone and given back
    /// (to run again, or to become an incident after <see cref="MaxAttempts"/>) while the others commit;
    /// the journal lines of all bursts are written together at the end. When a request write waits for
    /// the turn and the batch has held it for <see cref="MaxHoldBeforeRequests"/>, what is done commits and
    /// the rest (still leased) runs after the requests: a request waits for about that long, not for the
    /// whole batch, and bursts still share commits. The number of items done.
    /// </summary>
    public async Task<int> ProcessBatchAsync(IReadOnlyList<WorkItem> items, string owner, CancellationToken ct = default)
    {
        if (items.Count == 0) return 0;
        if (items.Count == 1) return await ProcessAsync(items[0], owner, ct) ? 1 : 0;
        var done = 0;
        var next = 0;
        while (next < items.Count)
        {
            // The first part runs at once (the claim already waited); a later one lets the waiting requests go first.
            await using var scope = await db.BeginBackgroundWriteAsync(defer: next > 0, ct);
            var journal = new List<(string InstanceId, JournalEntry Entry)>();
            var held = System.Diagnostics.Stopwatch.StartNew();
            do
            {
                var (ran, lines) = await RunInSavepointAsync(scope, items[next++], owner, ct);
                if (ran) done++;
                journal.AddRange(lines);
            } while (next < items.Count && !(db.RequestWriteWaiting && held.Elapsed >= MaxHoldBeforeRequests));
            await WriteJournalAsync(scope, journal, ct);
            await scope.CommitAsync(ct);
        }
        return done;
    }

    /// <summary>One item of a batch in a savepoint: on failure rolled back alone and given back. Whether it ran, and its journal lines.</summary>
    private async Task<(bool Ran, List<(string, JournalEntry)> Lines)> RunInSavepointAsync(WriteScope scope, WorkItem item, string owner, CancellationToken ct)
    {
        await SavepointAsync(scope, "SAVEPOINT", ct);
        var lines = new List<(string, JournalEntry)>();
        DateTimeOffset giveBack;
        try
        {
            var ran = await RunItemAsync(scope, item, owner, lines, ct);
            await SavepointAsync(scope, "RELEASE", ct);
            return (ran, lines);
        }
        catch (StaleInstanceException) { giveBack = clock.GetUtcNow(); }
        // Anything else is this item's problem alone: the others of the batch still commit.
        catch (Exception e) when (e is not OperationCanceledException) { giveBack = Backoff(item); }
        await SavepointAsync(scope, "ROLLBACK TO", ct);
        await SavepointAsync(scope, "RELEASE", ct);
        await queue.ReleaseAsync(scope, item, owner, giveBack, ct);
        return (false, []);
    }

    private const string ItemSavepoint = "lc_item";

    /// <summary>
    /// How long a batch keeps the SQLite write turn while a request waits for it: about what a few record creates take,
    /// so a request is barely delayed, yet several bursts share one commit (a commit per burst costs more in all).
    /// </summary>
    public static readonly TimeSpan MaxHoldBeforeRequests = TimeSpan.FromMilliseconds(1);

    // SQLite runs the savepoint statements as kept commands (the ADO methods parse them again for every item of a batch).
    private async Task SavepointAsync(WriteScope scope, string verb, CancellationToken ct)
    {
        if (db.Dialect is Data.Dialects.SqliteDialect) { await scope.ExecuteAsync($"{verb} {ItemSavepoint}", ct); return; }
        await (verb switch
        {
            "SAVEPOINT" => scope.Transaction.SaveAsync(ItemSavepoint, ct),
            "RELEASE" => scope.Transaction.ReleaseAsync(ItemSavepoint, ct),
            _ => scope.Transaction.RollbackAsync(ItemSavepoint, ct),
        });
    }

    private static bool IsTransient(Exception e) => e is DbException or TimeoutException or NotFoundException;

    private DateTimeOffset Backoff(WorkItem item) => clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, item.Attempts)));

    /// <summary>One item's burst inside <paramref name="scope"/>; false when the lease was lost. Journal lines go to <paramref name="journal"/> when given (written later), else at once.</summary>
    private async Task<bool> RunItemAsync(WriteScope scope, WorkItem item, string owner, List<(string, JournalEntry)>? journal, CancellationToken ct)
    {
        if (!await queue.CompleteAsync(scope, item, owner, ct)) return false;
        var now = clock.GetUtcNow();
        var context = new ItemContext(scope, now, journal, ct);
        if (item.Attempts > MaxAttempts)
            await GiveUpAsync(context, item);
        else
            await (item.Kind switch
            {
                WorkKind.Start => StartAsync(context, item),
                WorkKind.Resume => ResumeAsync(context, item),
                WorkKind.Timer => item.Payload["bookmarkId"] is not null ? ResumeAsync(context, item) : FireTriggerTimerAsync(context, item),
                WorkKind.Retry => RetryAsync(context, item),
                _ => throw new InvalidOperationException($"Unknown work kind '{item.Kind}'."),
            });
        return true;
    }

    /// <summary>Where one item's burst writes: its transaction, its clock reading, and the batch's journal (null: write at once).</summary>
    private sealed record ItemContext(WriteScope Scope, DateTimeOffset Now, List<(string, JournalEntry)>? Journal, CancellationToken Ct);

    private async Task StartAsync(ItemContext x, WorkItem item)
    {
        var (scope, now, ct) = (x.Scope, x.Now, x.Ct);
        var p = item.Payload;
        var instanceId = StartedInstanceId(item)!;
        if (await InstanceExistsAsync(scope, instanceId, ct)) return;
        long version;
        if (p["version"] is JsonValue v) version = v.GetValue<long>();
        else
        {
            var published = await catalog.FindAsync(item.App, item.WorkflowKey, ct)
                ?? throw new NotFoundException($"Workflow '{item.WorkflowKey}' of app '{item.App}' is not published.");
            version = published.Version;
        }
        var definition = await definitions.GetVersionAsync(item.App, item.WorkflowKey, version, ct);
        var trigger = await RecordTriggerMatch.ExpandAsync(scope, db.Dialect, p["trigger"] as JsonObject, ct);
        await StartInlineAsync(scope, item.App, definition, version, instanceId, trigger,
            p["inputs"] as JsonObject, Correlation(item), p["parentId"]?.GetValue<string>(), p["parentBookmark"]?.GetValue<string>(), now, ct, x.Journal);
    }

    private async Task<bool> InstanceExistsAsync(WriteScope scope, string instanceId, CancellationToken ct) =>
        await scope.ScalarAsync($"SELECT 1 FROM {Q(WorkflowTables.Instances)} WHERE id = @id", ct, ("@id", instanceId)) is not null;

    // A start item names its instance in instance_id (older items also in the payload).
    private static string? StartedInstanceId(WorkItem item) => item.Payload["instanceId"]?.GetValue<string>() ?? item.InstanceId;

    // A start without its own correlation correlates by the trigger's record.
    private static string? Correlation(WorkItem item) =>
        item.Payload["correlation"]?.GetValue<string>() ?? item.Payload["trigger"]?["recordId"]?.GetValue<string>();

    private async Task StartInlineAsync(WriteScope scope, string app, WorkflowDefinition definition, long version, string instanceId, JsonObject trigger,
        JsonObject? inputs, string? correlation, string? parentId, string? parentBookmark, DateTimeOffset now, CancellationToken ct, List<(string, JournalEntry)>? journal)
    {
        var vars = (JsonObject)definition.Variables.DeepClone();
        foreach (var (k, value) in inputs ?? []) vars[k] = value?.DeepClone();
        var state = new InstanceState(new JsonObject { ["vars"] = vars, ["trigger"] = trigger });
        var burst = NewBurst(scope, app, instanceId, definition, version, state, now, ct, isNew: true, rowVersion: 0,
            parentId, parentBookmark, correlation ?? trigger["recordId"]?.GetValue<string>(), journal: journal);
        burst.Write(null, null, "started", null, $"Started by {Describe(trigger)} on version {version}.");
        var start = definition.Start;
        var steps = new Queue<Step>();
        if (start is not null) steps.Enqueue(new Step(start.Id, null));
        await RunAsync(burst, steps);
        await SaveAsync(burst);
    }

    private async Task ResumeAsync(ItemContext x, WorkItem item)
    {
        var (scope, now, ct) = (x.Scope, x.Now, x.Ct);
        var loaded = await LoadAsync(x, item.InstanceId!);
        if (loaded is null) return;
        var burst = loaded;
        var steps = new Queue<Step>();
        if (item.Payload["bookmarkId"] is JsonValue b)
        {
            var bookmarkId = b.GetValue<string>();
            var bookmark = await scope.Connection.QuerySingleOrDefaultAsync<BookmarkRow>(new CommandDefinition(
                $"SELECT id, activity_id, name FROM {Q(WorkflowTables.Bookmarks)} WHERE id = @bookmarkId", new { bookmarkId }, scope.Transaction, cancellationToken: ct));
            var deleted = await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {Q(WorkflowTables.Bookmarks)} WHERE id = @bookmarkId AND instance_id = @instanceId",
                new { bookmarkId, instanceId = burst.InstanceId }, scope.Transaction, cancellationToken: ct));
            if (deleted == 0 || bookmark is null) return; // already resumed by someone else
            var input = item.Payload["input"]?.DeepClone();
            burst.Write(bookmark.activity_id, burst.Definition.Find(bookmark.activity_id)?.Type, "resumed", null,
                $"Resumed {Label(burst.Definition, bookmark.activity_id)}: {bookmark.name} {(input is null ? "" : "with " + PlainJson.Describe(input))}".TrimEnd());
            steps.Enqueue(new Step(bookmark.activity_id, null, Resume: true, Input: input));
        }
        foreach (var pending in burst.State.Pending) steps.Enqueue(Step.FromJson(pending!));
        burst.State.Pending.Clear();
        await RunAsync(burst, steps);
        await SaveAsync(burst);
    }

    private async Task RetryAsync(ItemContext x, WorkItem item)
    {
        var (scope, now, ct) = (x.Scope, x.Now, x.Ct);
        var burst = await LoadAsync(x, item.InstanceId!);
        if (burst is null) return;
        var incidentId = item.Payload["incidentId"]!.GetValue<string>();
        var resolved = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(WorkflowTables.Incidents)} SET resolved_at = @now WHERE id = @incidentId AND resolved_at IS NULL",
            new { incidentId, now = now.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
        if (resolved == 0) return;
        var steps = new Queue<Step>(burst.State.Pending.Select(n => Step.FromJson(n!)));
        burst.State.Pending.Clear();
        burst.Write(steps.FirstOrDefault()?.ActivityId, null, "retried", null, $"Retried from {(steps.Count > 0 ? Label(burst.Definition, steps.Peek().ActivityId) : "the failed step")}.");
        await RunAsync(burst, steps);
        await SaveAsync(burst);
    }

    private async Task FireTriggerTimerAsync(ItemContext x, WorkItem item)
    {
        var (scope, now, ct) = (x.Scope, x.Now, x.Ct);
        var workflow = await catalog.FindAsync(item.App, item.WorkflowKey, ct);
        // A timer armed by a version that is no longer published is dropped: publishing re-arms its own.
        if (workflow is null || (item.Payload["version"]?.GetValue<long>() is { } v && v != workflow.Version && item.Payload["trigger"]?.GetValue<string>() == "schedule")) return;
        var trigger = triggers.Find(workflow.Definition.TriggerType);
        if (trigger is null) return;
        var context = new TriggerContext(scope, queue, evaluator, now, ct);
        var input = await trigger.OnTimerAsync(context, workflow, item.Payload);
        if (context.WakeWorker) scope.AfterCommit(signal.Notify);
        if (input is null) return;
        await StartInlineAsync(scope, workflow.App, workflow.Definition, workflow.Version, Guid.CreateVersion7().ToString(), input, null,
            input["recordId"]?.GetValue<string>(), null, null, now, ct, x.Journal);
    }

    private async Task GiveUpAsync(ItemContext x, WorkItem item)
    {
        var (scope, now, ct) = (x.Scope, x.Now, x.Ct);
        var error = $"The {item.Kind} work item was claimed {item.Attempts} times without finishing (a node died or the database failed each time); it was stopped. Retry runs it again.";
        if (item.Kind == WorkKind.Start && StartedInstanceId(item) is { } instanceId)
        {
            // A start that never got through becomes a faulted instance, so it is visible and can be retried from its first step.
            if (await InstanceExistsAsync(scope, instanceId, ct)) return;
            var version = item.Payload["version"]?.GetValue<long>() ?? (await catalog.FindAsync(item.App, item.WorkflowKey, ct))?.Version ?? 0;
            if (version == 0) return;
            var definition = await definitions.GetVersionAsync(item.App, item.WorkflowKey, version, ct);
            var vars = (JsonObject)definition.Variables.DeepClone();
            foreach (var (k, value) in item.Payload["inputs"] as JsonObject ?? []) vars[k] = value?.DeepClone();
            var state = new InstanceState(new JsonObject { ["vars"] = vars, ["trigger"] = item.Payload["trigger"]?.DeepClone() });
            if (definition.Start is { } start) state.Pending.Add(new Step(start.Id, null).ToJson());
            var fresh = NewBurst(scope, item.App, instanceId, definition, version, state, now, ct, isNew: true, rowVersion: 0,
                item.Payload["parentId"]?.GetValue<string>(), item.Payload["parentBookmark"]?.GetValue<string>(), Correlation(item), journal: x.Journal);
            await AddIncidentAsync(fresh, definition.Start?.Id, definition.Start?.Type, new JsonObject { ["work"] = item.Payload.DeepClone() }, error);
            fresh.Write(null, null, "faulted", "Faulted", error);
            await SaveAsync(fresh);
            return;
        }
        if (item.InstanceId is null) return;
        var burst = await LoadAsync(x, item.InstanceId);
        if (burst is null) return;
        // Keep what the lost item would have done as the step to retry.
        if (item.Payload["bookmarkId"] is JsonValue b)
        {
            var bookmarkId = b.GetValue<string>();
            var activityId = await scope.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                $"SELECT activity_id FROM {Q(WorkflowTables.Bookmarks)} WHERE id = @bookmarkId", new { bookmarkId }, scope.Transaction, cancellationToken: ct));
            if (activityId is null) return; // already resumed
            await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Q(WorkflowTables.Bookmarks)} WHERE id = @bookmarkId",
                new { bookmarkId }, scope.Transaction, cancellationToken: ct));
            // Retrying continues after the wait with its outcome, as the resume would have.
            foreach (var next in burst.Definition.From(activityId, "Done")) burst.State.Pending.Add(new Step(next.Target, activityId).ToJson());
        }
        await AddIncidentAsync(burst, null, null, new JsonObject { ["work"] = item.Payload.DeepClone() }, error);
        burst.Write(null, null, "faulted", "Faulted", error);
        await SaveAsync(burst);
    }

    private async Task<Burst?> LoadAsync(ItemContext x, string instanceId)
    {
        var (scope, now, ct) = (x.Scope, x.Now, x.Ct);
        var row = await scope.Connection.QuerySingleOrDefaultAsync<InstanceRow>(new CommandDefinition(
            _sql.SelectInstanceForUpdate(InstanceColumns), new { id = instanceId }, scope.Transaction, cancellationToken: ct));
        if (row is null || row.status is "completed" or "cancelled") return null;
        var definition = await definitions.GetVersionAsync(row.app, row.workflow_key, row.version, ct);
        return NewBurst(scope, row.app, row.id, definition, row.version, InstanceState.Parse(row.state), now, ct, isNew: false, row.row_version,
            row.parent_id, row.parent_bookmark, row.correlation, journal: x.Journal);
    }

    private Burst NewBurst(WriteScope scope, string app, string instanceId, WorkflowDefinition definition, long version, InstanceState state,
        DateTimeOffset now, CancellationToken ct, bool isNew, long rowVersion, string? parentId, string? parentBookmark, string? correlation,
        DryRunCapture? capture = null, List<(string, JournalEntry)>? journal = null) => new()
    {
        Capture = capture, JournalSink = journal,
        Scope = scope, App = app, InstanceId = instanceId, Definition = definition, Version = version, State = state, Now = now,
        Evaluator = evaluator, Queue = queue, Outbox = outbox, Dialect = db.Dialect, Cancellation = ct, IsNew = isNew, RowVersion = rowVersion,
        ParentId = parentId, ParentBookmark = parentBookmark, Correlation = correlation,
    };

    private async Task RunAsync(Burst burst, Queue<Step> steps)
    {
        var count = 0;
        while (steps.Count > 0)
        {
            if (++count > MaxStepsPerBurst && burst.Capture is not null)
            {
                burst.Write(null, null, "stopped", null, $"Dry run stopped after {MaxStepsPerBurst} steps.");
                return;
            }
            if (count > MaxStepsPerBurst)
            {
                // Hand the rest to a fresh work item so one transaction stays short.
                foreach (var s in steps) burst.State.Pending.Add(s.ToJson());
                await queue.EnqueueAsync(burst.Scope, WorkKind.Resume, burst.App, burst.Definition.Key, burst.InstanceId, new JsonObject(),
                    burst.Now, $"continue:{burst.InstanceId}:{burst.State.Json["seq"]}", burst.Cancellation);
                burst.WakeWorker = true;
                return;
            }
            var step = steps.Dequeue();
            var activity = burst.Definition.Find(step.ActivityId);
            var impl = activity is null ? null : activities.Find(activity.Type);
            if (activity is null || impl is null)
            {
                await FaultAsync(burst, step, steps, activity, new JsonObject(), $"Activity '{step.ActivityId}' ({activity?.Type ?? "missing"}) is not known to this runtime.");
                return;
            }
            var context = new ActivityContext(burst, activity, step.From);
            ActivityResult result;
            // A step that writes records runs in a savepoint: when it fails, its writes (and the work they queued) are undone
            // while the burst still commits the incident (on PostgreSQL a failed statement would otherwise poison the transaction).
            var savepoint = impl.WritesData && burst.Scope.Transaction.SupportsSavepoints;
            var origin = new WorkflowOrigin { App = burst.App, WorkflowKey = burst.Definition.Key, InstanceId = burst.InstanceId, Depth = Depth(burst.State), DryRun = burst.Capture };
            WorkflowOrigin.Set(origin);
            try
            {
                if (savepoint) await burst.Scope.Transaction.SaveAsync(StepSavepoint, burst.Cancellation);
                result = step.Resume ? await impl.ResumeAsync(context, step.Input) : await impl.ExecuteAsync(context);
                if (savepoint) await burst.Scope.Transaction.ReleaseAsync(StepSavepoint, burst.Cancellation);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (savepoint) await burst.Scope.Transaction.RollbackAsync(StepSavepoint, burst.Cancellation);
                if (e is DbException) throw;
                await FaultAsync(burst, step, steps, activity, context.Inputs, e.Message);
                return;
            }
            finally
            {
                WorkflowOrigin.Set(null);
            }
            foreach (var note in origin.Notes) context.Note(note);
            var outcome = result.EndsInstance ? "End" : result.Suspended ? "Waiting" : result.Outcomes.Count == 0 ? null : string.Join(", ", result.Outcomes);
            var notes = context.Notes.Count > 0 ? ": " + string.Join("; ", context.Notes) : "";
            burst.Write(activity.Id, activity.Type, result.Suspended ? "suspended" : "executed", outcome,
                $"{Label(burst.Definition, activity.Id)}{(outcome is null ? " (waiting for other branches)" : " → " + outcome)}{notes}");
            if (result.EndsInstance)
            {
                burst.Ended = true;
                return;
            }
            foreach (var name in result.Outcomes)
                foreach (var next in burst.Definition.From(activity.Id, name))
                    steps.Enqueue(new Step(next.Target, activity.Id));
        }
    }

    private const string StepSavepoint = "lc_step";

    private static int Depth(InstanceState state) => state.Trigger?["origin"]?["depth"]?.GetValue<int>() ?? 0;

    private async Task FaultAsync(Burst burst, Step step, Queue<Step> rest, Definitions.ActivityDefinition? activity, JsonObject inputs, string error)
    {
        burst.State.Pending.Clear();
        burst.State.Pending.Add(new Step(step.ActivityId, step.From).ToJson());
        foreach (var s in rest) burst.State.Pending.Add(s.ToJson());
        await AddIncidentAsync(burst, step.ActivityId, activity?.Type, inputs, error);
        burst.Write(step.ActivityId, activity?.Type, "faulted", "Faulted", $"{Label(burst.Definition, step.ActivityId)} failed: {error}");
    }

    private async Task AddIncidentAsync(Burst burst, string? activityId, string? type, JsonObject inputs, string error)
    {
        burst.Faulted = true;
        await burst.Scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q(WorkflowTables.Incidents)} (id, instance_id, activity_id, activity_type, inputs, error, created_at) VALUES (@id, @instanceId, @activityId, @type, @inputs, @error, @now)",
            new { id = Guid.CreateVersion7().ToString(), instanceId = burst.InstanceId, activityId, type, inputs = inputs.ToJsonString(), error, now = burst.Now.ToUnixTimeMilliseconds() },
            burst.Scope.Transaction, cancellationToken: burst.Cancellation));
    }

    private async Task SaveAsync(Burst burst)
    {
        var scope = burst.Scope;
        var ct = burst.Cancellation;
        if (burst.Ended)
        {
            // End: nothing else of this instance may run or wait. Its other queued work hangs on its bookmarks
            // (anything left over finds the instance completed and does nothing).
            var bookmarks = (await scope.Connection.QueryAsync<string>(new CommandDefinition($"SELECT id FROM {Q(WorkflowTables.Bookmarks)} WHERE instance_id = @id",
                new { id = burst.InstanceId }, scope.Transaction, cancellationToken: ct))).ToList();
            if (bookmarks.Count > 0)
            {
                await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Q(WorkflowTables.Bookmarks)} WHERE instance_id = @id",
                    new { id = burst.InstanceId }, scope.Transaction, cancellationToken: ct));
                await queue.DeleteForBookmarksAsync(scope, bookmarks, ct);
            }
            burst.State.Pending.Clear();
        }
        // A new instance that created no bookmark in this burst has none; otherwise count them.
        var waiting = burst.IsNew && burst.BookmarksCreated == 0 ? 0 : await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Q(WorkflowTables.Bookmarks)} WHERE instance_id = @id", new { id = burst.InstanceId }, scope.Transaction, cancellationToken: ct));
        var status = burst.Faulted ? "faulted"
            : burst.Ended ? "completed"
            : burst.State.Pending.Count > 0 ? "running"
            : waiting > 0 ? "suspended"
            : "completed";
        if (status == "completed" && !burst.Ended) burst.Write(null, null, "completed", null, "Completed: no step left to run and nothing to wait for.");
        if (status == "completed" && burst.Ended) burst.Write(null, null, "completed", null, "Completed.");
        var now = burst.Now.ToUnixTimeMilliseconds();
        var completedAt = status == "completed" ? now : (long?)null;
        if (burst.IsNew)
            await scope.ExecuteAsync(
                $"INSERT INTO {Q(WorkflowTables.Instances)} (id, app, workflow_key, version, status, state, correlation, parent_id, parent_bookmark, row_version, created_at, updated_at, completed_at) " +
                "VALUES (@id, @app, @key, @version, @status, @state, @correlation, @parentId, @parentBookmark, 1, @now, @now, @completedAt)", ct,
                ("@id", burst.InstanceId), ("@app", burst.App), ("@key", burst.Definition.Key), ("@version", burst.Version), ("@status", status),
                ("@state", burst.State.Json.ToJsonString()), ("@correlation", burst.Correlation), ("@parentId", burst.ParentId),
                ("@parentBookmark", burst.ParentBookmark), ("@now", now), ("@completedAt", completedAt));
        else
        {
            var updated = await scope.ExecuteAsync(
                $"UPDATE {Q(WorkflowTables.Instances)} SET status = @status, state = @state, row_version = row_version + 1, updated_at = @now, completed_at = @completedAt " +
                "WHERE id = @id AND row_version = @rowVersion", ct,
                ("@status", status), ("@state", burst.State.Json.ToJsonString()), ("@now", now), ("@completedAt", completedAt),
                ("@id", burst.InstanceId), ("@rowVersion", burst.RowVersion));
            if (updated == 0) throw new StaleInstanceException();
        }
        if (burst.JournalSink is { } sink) sink.AddRange(burst.Journal.Select(e => (burst.InstanceId, e)));
        else await WriteJournalAsync(scope, burst.Journal.Select(e => (burst.InstanceId, e)).ToList(), ct);
        if (status == "completed" && burst.ParentId is not null && burst.ParentBookmark is not null)
        {
            await queue.EnqueueAsync(scope, WorkKind.Resume, burst.App, "", burst.ParentId,
                new JsonObject { ["bookmarkId"] = burst.ParentBookmark, ["input"] = burst.State.Vars.DeepClone() }, burst.Now, "resume:" + burst.ParentBookmark, ct);
            burst.WakeWorker = true;
        }
        if (burst.WakeWorker) scope.AfterCommit(signal.Notify);
    }

    private static readonly string[] JournalColumns = ["instance_id", "seq", "at", "activity_id", "activity_type", "entry_kind", "outcome", "message"];

    /// <summary>
    /// Journal lines of a burst or of a whole batch of bursts through <see cref="BulkInsert"/>: multi-row statements where
    /// the database parses those fastest, one prepared single-row statement run per line on SQLite.
    /// </summary>
    private async Task WriteJournalAsync(WriteScope scope, IReadOnlyList<(string InstanceId, JournalEntry Entry)> lines, CancellationToken ct) =>
        await BulkInsert.RunAsync(scope, db.Dialect, WorkflowTables.Journal, JournalColumns,
            lines.Select(l => new object?[] { l.InstanceId, l.Entry.Seq, l.Entry.At, l.Entry.ActivityId, l.Entry.ActivityType, l.Entry.Kind, l.Entry.Outcome, l.Entry.Message }).ToList(), ct);

    private static string Label(WorkflowDefinition definition, string activityId)
    {
        var a = definition.Find(activityId);
        return a is null ? $"'{activityId}'" : a.Name is { Length: > 0 } n ? $"{a.Type} '{n}'" : $"{a.Type} '{a.Id}'";
    }

    private static string Describe(JsonObject trigger)
    {
        var kind = trigger["kind"]?.GetValue<string>() ?? "a trigger";
        var record = trigger["recordId"]?.GetValue<string>();
        var user = trigger["caller"]?["userName"]?.GetValue<string>();
        return kind + (record is null ? "" : $" of record {record}") + (user is null ? "" : $" by {user}");
    }

    /// <summary>
    /// Runs a definition once in a transaction that is rolled back: record writes happen and are
    /// listed, everything else that would leave (outbox, child workflows, waits) is captured. The run
    /// goes as far as it can without waiting; where it would pause is reported.
    /// </summary>
    public async Task<DryRunResult> DryRunAsync(string app, WorkflowDefinition definition, JsonObject trigger, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var capture = new DryRunCapture();
        var vars = (JsonObject)definition.Variables.DeepClone();
        var state = new InstanceState(new JsonObject { ["vars"] = vars, ["trigger"] = trigger });
        var burst = NewBurst(scope, app, "dry-run-" + Guid.CreateVersion7(), definition, 0, state, clock.GetUtcNow(), ct, isNew: true, rowVersion: 0,
            null, null, trigger["recordId"]?.GetValue<string>(), capture);
        burst.Write(null, null, "started", null, $"Dry run of '{definition.Key}' for {Describe(trigger)}.");
        var steps = new Queue<Step>();
        if (definition.Start is { } start) steps.Enqueue(new Step(start.Id, null));
        await RunAsync(burst, steps);
        var status = burst.Faulted ? "faulted" : capture.Pauses.Count > 0 && !burst.Ended ? "paused" : "completed";
        // Disposing the scope without commit rolls every write of the run back.
        return new DryRunResult(status, burst.Journal.Select(e => new JsonObject
        {
            ["seq"] = e.Seq, ["activityId"] = e.ActivityId, ["activityType"] = e.ActivityType, ["kind"] = e.Kind, ["outcome"] = e.Outcome, ["message"] = e.Message,
        }).ToList(), (JsonObject)state.Vars.DeepClone(), (JsonObject)state.Outputs.DeepClone(), capture);
    }

    /// <summary>Queues a retry of the failed step of an instance with an open incident.</summary>
    public async Task<string> RequestRetryAsync(string instanceId, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await scope.Connection.QuerySingleOrDefaultAsync<BookmarkRow>(new CommandDefinition(
            $"SELECT app, workflow_key, status FROM {Q(WorkflowTables.Instances)} WHERE id = @instanceId", new { instanceId }, scope.Transaction, cancellationToken: ct))
            ?? throw new NotFoundException($"Instance '{instanceId}' does not exist.");
        var incidentId = await scope.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT id FROM {Q(WorkflowTables.Incidents)} WHERE instance_id = @instanceId AND resolved_at IS NULL ORDER BY created_at DESC",
            new { instanceId }, scope.Transaction, cancellationToken: ct))
            ?? throw new ConflictException($"Instance '{instanceId}' has no open incident to retry (status {row.status}).");
        await queue.EnqueueAsync(scope, WorkKind.Retry, row.app, row.workflow_key, instanceId, new JsonObject { ["incidentId"] = incidentId },
            clock.GetUtcNow(), "retry:" + incidentId, ct);
        scope.AfterCommit(signal.Notify);
        await scope.CommitAsync(ct);
        return incidentId;
    }

    /// <summary>Resumes the bookmark of an instance that waits for a named signal; false when it does not wait for it.</summary>
    public async Task<bool> SignalAsync(string instanceId, string signalName, JsonNode? payload, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var hash = BookmarkHash.Of("signal", signalName);
        var bookmark = await scope.Connection.QueryFirstOrDefaultAsync<BookmarkRow>(new CommandDefinition(
            $"SELECT b.id, i.app, i.workflow_key FROM {Q(WorkflowTables.Bookmarks)} b JOIN {Q(WorkflowTables.Instances)} i ON i.id = b.instance_id " +
            "WHERE b.instance_id = @instanceId AND b.bookmark_hash = @hash ORDER BY b.created_at", new { instanceId, hash }, scope.Transaction, cancellationToken: ct));
        if (bookmark is null) return false;
        await queue.EnqueueAsync(scope, WorkKind.Resume, bookmark.app, bookmark.workflow_key, instanceId,
            new JsonObject { ["bookmarkId"] = bookmark.id, ["input"] = payload?.DeepClone() }, clock.GetUtcNow(), "resume:" + bookmark.id, ct);
        scope.AfterCommit(signal.Notify);
        await scope.CommitAsync(ct);
        return true;
    }
}

/// <summary>The instance row changed under a burst (row version mismatch): the burst is rolled back and retried.</summary>
public sealed class StaleInstanceException() : Exception("The workflow instance was changed by another burst.");
