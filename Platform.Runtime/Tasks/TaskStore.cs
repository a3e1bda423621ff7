using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;
using Platform.Runtime.Workflows.Scheduling;

namespace Platform.Runtime.Tasks;

/// <summary>A task to create for a waiting task/approval activity.</summary>
public sealed record NewTask(string App, string WorkflowKey, string InstanceId, string ActivityId, string BookmarkId, string Kind, string Title,
    string? Model, string? RecordId, string Mode, int Step, int StepCount, string? StepName, DateTimeOffset? DueAt, string? Sla = null);

/// <summary>What a user does with a task (POST /api/tasks/{id}/complete).</summary>
public sealed record TaskAction(string? Action, string? Comment, JsonNode? To, IReadOnlyList<string>? Files);

/// <summary>
/// Human tasks: created by the task and approval activities inside their step's transaction, listed per
/// assignee, and acted on by users. An action that decides the task completes it and resumes the waiting
/// workflow (a resume work item for its bookmark) in the same transaction; a decided task cannot be acted on again.
/// </summary>
public sealed class TaskStore(Database db, WorkQueue queue, WorkSignal signal, TimeProvider clock, IWorkingCalendar calendar)
{
    public static readonly string[] ApprovalActions = ["approve", "reject", "return", "transfer", "addApprover", "comment"];
    public static readonly string[] TaskActions = ["complete", "transfer", "addApprover", "comment"];

    private string Q(string name) => db.Dialect.Quote(name);

    internal sealed class Row
    {
        public string id { get; set; } = "";
        public string app { get; set; } = "";
        public string workflow_key { get; set; } = "";
        public string instance_id { get; set; } = "";
        public string activity_id { get; set; } = "";
        public string bookmark_id { get; set; } = "";
        public string kind { get; set; } = "";
        public string title { get; set; } = "";
        public string? model { get; set; }
        public string? record_id { get; set; }
        public string mode { get; set; } = "";
        public long step { get; set; }
        public long step_count { get; set; }
        public string? step_name { get; set; }
        public string status { get; set; } = "";
        public string? outcome { get; set; }
        public long? return_to { get; set; }
        public string? completed_by { get; set; }
        public long? due_at { get; set; }
        public long? escalated_at { get; set; }
        public string? sla { get; set; }
        public long created_at { get; set; }
        public long? completed_at { get; set; }
        public long row_version { get; set; }

        public JsonObject ToJson(long now) => new()
        {
            ["id"] = id, ["app"] = app, ["workflow"] = workflow_key, ["instanceId"] = instance_id, ["activityId"] = activity_id,
            ["kind"] = kind, ["title"] = title, ["model"] = model, ["recordId"] = record_id, ["mode"] = mode,
            ["step"] = step, ["stepCount"] = step_count, ["stepName"] = step_name, ["status"] = status, ["outcome"] = outcome,
            ["returnTo"] = return_to, ["completedBy"] = completed_by,
            ["dueAt"] = due_at is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d).ToString("O") : null,
            ["overdue"] = status == "open" && due_at is { } due && due < now,
            ["escalated"] = escalated_at is not null,
            ["createdAt"] = DateTimeOffset.FromUnixTimeMilliseconds(created_at).ToString("O"),
            ["completedAt"] = completed_at is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c).ToString("O") : null,
        };
    }

    private const string Columns = "id, app, workflow_key, instance_id, activity_id, bookmark_id, kind, title, model, record_id, mode, step, step_count, step_name, " +
                                   "status, outcome, return_to, completed_by, due_at, escalated_at, created_at, completed_at, row_version, sla";

    // ---- inside a workflow step ----

    public async Task<string> CreateAsync(WriteScope scope, NewTask t, IEnumerable<Assignee> assignees, DateTimeOffset now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7().ToString();
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q(TaskTables.Tasks)} (id, app, workflow_key, instance_id, activity_id, bookmark_id, kind, title, model, record_id, mode, step, step_count, step_name, status, due_at, created_at, row_version, sla) " +
            "VALUES (@id, @App, @WorkflowKey, @InstanceId, @ActivityId, @BookmarkId, @Kind, @Title, @Model, @RecordId, @Mode, @Step, @StepCount, @StepName, 'open', @due, @now, 1, @Sla)",
            new { id, t.App, t.WorkflowKey, t.InstanceId, t.ActivityId, t.BookmarkId, t.Kind, t.Title, t.Model, t.RecordId, t.Mode, t.Step, t.StepCount, t.StepName, t.Sla,
                  due = t.DueAt?.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
        foreach (var a in assignees) await AddAssigneeAsync(scope, id, a, now, ct);
        return id;
    }

    public async Task AddAssigneeAsync(WriteScope scope, string taskId, Assignee a, DateTimeOffset now, CancellationToken ct)
    {
        var exists = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Q(TaskTables.Assignees)} WHERE task_id = @taskId AND user_id = @user", new { taskId, user = a.UserId }, scope.Transaction, cancellationToken: ct));
        if (exists > 0)
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Q(TaskTables.Assignees)} SET state = 'pending' WHERE task_id = @taskId AND user_id = @user AND state = 'transferred'",
                new { taskId, user = a.UserId }, scope.Transaction, cancellationToken: ct));
        else
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {Q(TaskTables.Assignees)} (task_id, user_id, state, on_behalf_of, added_at) VALUES (@taskId, @user, 'pending', @onBehalfOf, @now)",
                new { taskId, user = a.UserId, onBehalfOf = a.OnBehalfOf, now = now.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
    }

    public async Task<List<string>> PendingAsync(WriteScope scope, string taskId, CancellationToken ct) =>
        (await scope.Connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT user_id FROM {Q(TaskTables.Assignees)} WHERE task_id = @taskId AND state = 'pending' ORDER BY added_at, user_id",
            new { taskId }, scope.Transaction, cancellationToken: ct))).ToList();

    public Task MarkEscalatedAsync(WriteScope scope, string taskId, DateTimeOffset now, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition($"UPDATE {Q(TaskTables.Tasks)} SET escalated_at = @now WHERE id = @taskId",
            new { taskId, now = now.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));

    /// <summary>Cancels the open tasks of an instance's activity (the workflow moved on without them).</summary>
    public Task CancelOpenAsync(WriteScope scope, string instanceId, string activityId, DateTimeOffset now, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(TaskTables.Tasks)} SET status = 'cancelled', completed_at = @now, row_version = row_version + 1 WHERE instance_id = @instanceId AND activity_id = @activityId AND status = 'open'",
            new { instanceId, activityId, now = now.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));

    /// <summary>
    /// Completes the open human tasks (kind task, not approvals) about a record as done by the system, optionally only
    /// those of one workflow and activity, and resumes the workflows waiting on them (completeTasks activity).
    /// </summary>
    public async Task<List<string>> CompleteOpenOfRecordAsync(WriteScope scope, string app, string model, string recordId, string? workflowKey, string? activityId,
        string? comment, DateTimeOffset now, CancellationToken ct)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var rows = (await scope.Connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Q(TaskTables.Tasks)} WHERE app = @app AND model = @model AND record_id = @recordId AND kind = 'task' AND status = 'open'" +
            (workflowKey is null ? "" : " AND workflow_key = @workflowKey") + (activityId is null ? "" : " AND activity_id = @activityId") + " ORDER BY created_at",
            new { app, model, recordId, workflowKey, activityId }, scope.Transaction, cancellationToken: ct))).ToList();
        var done = new List<string>();
        foreach (var row in rows)
        {
            var updated = await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Q(TaskTables.Tasks)} SET status = 'completed', outcome = 'done', completed_by = @user, completed_at = @ms, row_version = row_version + 1 " +
                "WHERE id = @id AND status = 'open' AND row_version = @version",
                new { user = Caller.System.UserId, ms, id = row.id, version = row.row_version }, scope.Transaction, cancellationToken: ct));
            if (updated == 0) continue;
            await LogSystemActionAsync(scope, row.id, "complete", comment, null, ms, ct);
            await ResumeBySystemAsync(scope, row, "done", comment, now, ct);
            done.Add(row.id);
        }
        if (done.Count > 0) scope.AfterCommit(signal.Notify);
        return done;
    }

    /// <summary>
    /// Hands the open human tasks (kind task, not approvals) about a record that <paramref name="from"/> must still do over to
    /// <paramref name="to"/>, as a transfer by the system: the record's owner changed (<see cref="TasksFollowOwner"/>).
    /// Other assignees keep their part. A task with a due time gets at least its original lead time from the move (its
    /// "sla" in working time, else due − opened), so a record re-routed late does not land already overdue; when its SLA
    /// timer already fired, a new one reminds the new owner. Returns the ids of the tasks moved.
    /// </summary>
    public async Task<List<string>> TransferOpenOfRecordAsync(WriteScope scope, string app, string model, string recordId, string from, string to,
        DateTimeOffset now, CancellationToken ct)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var rows = await OpenTasksOfAsync(scope, app, model, recordId, from, ct);
        foreach (var row in rows)
        {
            await SetStateAsync(scope, row.id, from, "transferred", ct);
            await AddAssigneeAsync(scope, row.id, new Assignee(to, null), now, ct);
            await LogSystemActionAsync(scope, row.id, "transfer", $"owner: {from} → {to}", to, ms, ct);
            // The new owner gets the lead time the task gave, from the move: in working time when it came from an "sla", else as it was measured.
            var lead = row.due_at is not { } d || d <= row.created_at ? (long?)null
                : row.sla is { } sla ? WorkingTime.Due(calendar, now, sla).ToUnixTimeMilliseconds() : ms + (d - row.created_at);
            var due = lead > row.due_at ? lead : row.due_at;
            await scope.Connection.ExecuteAsync(new CommandDefinition($"UPDATE {Q(TaskTables.Tasks)} SET due_at = @due, row_version = row_version + 1 WHERE id = @id",
                new { id = row.id, due }, scope.Transaction, cancellationToken: ct));
            // A live SLA timer re-arms itself at the later due when it fires; one that already fired needs a new timer, or the new owner is never reminded.
            if (due is { } newDue && newDue != row.due_at && !await TimerBookmark.ExistsAsync(scope, db.Dialect, row.instance_id, row.activity_id, TaskSteps.SlaBookmark, ct))
                await TimerBookmark.CreateAsync(scope, db.Dialect, queue, row.app, row.workflow_key, row.instance_id, row.activity_id, TaskSteps.SlaBookmark, row.id,
                    DateTimeOffset.FromUnixTimeMilliseconds(newDue), now, ct);
        }
        return rows.Select(r => r.id).ToList();
    }

    /// <summary>
    /// Withdraws <paramref name="from"/>'s part of the open human tasks (kind task, not approvals) about a record that was
    /// released to nobody (<see cref="TasksFollowOwner"/>): their assignee state becomes withdrawn and a <c>withdraw</c> by the
    /// system with <paramref name="reason"/> is logged. A task nobody else still has to do is closed as cancelled (outcome
    /// withdrawn) and its workflow resumes with outcome Withdrawn. Returns the ids of the tasks closed.
    /// </summary>
    public async Task<List<string>> WithdrawOpenOfRecordAsync(WriteScope scope, string app, string model, string recordId, string from, string reason,
        DateTimeOffset now, CancellationToken ct)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var closed = new List<string>();
        foreach (var row in await OpenTasksOfAsync(scope, app, model, recordId, from, ct))
        {
            await SetStateAsync(scope, row.id, from, "withdrawn", ct);
            await LogSystemActionAsync(scope, row.id, "withdraw", reason, from, ms, ct);
            var nobodyLeft = (await PendingAsync(scope, row.id, ct)).Count == 0;
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Q(TaskTables.Tasks)} SET " + (nobodyLeft ? "status = 'cancelled', outcome = 'withdrawn', completed_by = @user, completed_at = @ms, " : "") +
                "row_version = row_version + 1 WHERE id = @id", new { id = row.id, user = Caller.System.UserId, ms }, scope.Transaction, cancellationToken: ct));
            if (!nobodyLeft) continue;
            await ResumeBySystemAsync(scope, row, "withdrawn", reason, now, ct);
            closed.Add(row.id);
        }
        if (closed.Count > 0) scope.AfterCommit(signal.Notify);
        return closed;
    }

    /// <summary>The open human tasks (not approvals) about a record that a user still has to do, oldest first.</summary>
    private async Task<List<Row>> OpenTasksOfAsync(WriteScope scope, string app, string model, string recordId, string user, CancellationToken ct) =>
        (await scope.Connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(x => "t." + x))} FROM {Q(TaskTables.Tasks)} t " +
            "WHERE t.app = @app AND t.model = @model AND t.record_id = @recordId AND t.kind = 'task' AND t.status = 'open' " +
            $"AND EXISTS (SELECT 1 FROM {Q(TaskTables.Assignees)} a WHERE a.task_id = t.id AND a.user_id = @user AND a.state = 'pending') ORDER BY t.created_at",
            new { app, model, recordId, user }, scope.Transaction, cancellationToken: ct))).ToList();

    private Task LogSystemActionAsync(WriteScope scope, string taskId, string action, string? comment, string? target, long ms, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q(TaskTables.Actions)} (id, task_id, user_id, action, comment, files, target, at) VALUES (@aid, @taskId, @user, @action, @comment, NULL, @target, @ms)",
            new { aid = Guid.CreateVersion7().ToString(), taskId, user = Caller.System.UserId, action, comment, target, ms }, scope.Transaction, cancellationToken: ct));

    /// <summary>The task was decided: its waiting workflow resumes (once per bookmark) with the decision as input.</summary>
    private Task ResumeAsync(WriteScope scope, Row row, JsonObject input, DateTimeOffset now, CancellationToken ct) =>
        queue.EnqueueAsync(scope, WorkKind.Resume, row.app, row.workflow_key, row.instance_id,
            new JsonObject { ["bookmarkId"] = row.bookmark_id, ["input"] = input }, now, "resume:" + row.bookmark_id, ct);

    /// <summary>The system decided the task (no user acted): its workflow resumes with that outcome.</summary>
    private Task ResumeBySystemAsync(WriteScope scope, Row row, string outcome, string? comment, DateTimeOffset now, CancellationToken ct) =>
        ResumeAsync(scope, row, new JsonObject
        {
            ["taskId"] = row.id, ["outcome"] = outcome, ["by"] = Caller.System.UserId, ["byName"] = Caller.System.UserName, ["comment"] = comment, ["step"] = row.step,
        }, now, ct);

    /// <summary>When the task is now due (Unix ms), if it has a due time: it may have been moved since its SLA timer was set.</summary>
    public Task<long?> DueAtAsync(WriteScope scope, string taskId, CancellationToken ct) =>
        scope.Connection.ExecuteScalarAsync<long?>(new CommandDefinition($"SELECT due_at FROM {Q(TaskTables.Tasks)} WHERE id = @taskId",
            new { taskId }, scope.Transaction, cancellationToken: ct));

    // ---- users ----

    /// <summary>The tasks a user is (or was) assigned, with counts: open, overdue, done.</summary>
    public async Task<JsonObject> ListForAsync(string userId, string status, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        var mine = $"FROM {Q(TaskTables.Tasks)} t WHERE EXISTS (SELECT 1 FROM {Q(TaskTables.Assignees)} a WHERE a.task_id = t.id AND a.user_id = @userId AND a.state = 'pending') AND t.status = 'open'";
        var done = $"FROM {Q(TaskTables.Tasks)} t WHERE EXISTS (SELECT 1 FROM {Q(TaskTables.Actions)} x WHERE x.task_id = t.id AND x.user_id = @userId AND x.action <> 'comment')";
        var where = status switch
        {
            "open" => mine,
            "done" => done,
            _ => throw ValidationFailedException.For("status", "status must be open or done."),
        };
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(x => "t." + x))} {where} ORDER BY t.created_at DESC", new { userId }, cancellationToken: ct));
        var open = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {mine}", new { userId }, cancellationToken: ct));
        var overdue = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {mine} AND t.due_at < @now", new { userId, now }, cancellationToken: ct));
        var doneCount = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {done}", new { userId }, cancellationToken: ct));
        var items = new JsonArray();
        foreach (var row in rows.Take(500)) items.Add(row.ToJson(now));
        return new JsonObject { ["items"] = items, ["counts"] = new JsonObject { ["open"] = open, ["overdue"] = overdue, ["done"] = doneCount } };
    }

    /// <summary>A task with its assignees and actions; visible to its assignees, to those who acted on it, and to administrators.</summary>
    public async Task<JsonObject> GetAsync(string id, Caller caller, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {Q(TaskTables.Tasks)} WHERE id = @id", new { id }, cancellationToken: ct))
            ?? throw new NotFoundException($"There is no task '{id}'.");
        var assignees = (await c.QueryAsync<(string user_id, string state, string? on_behalf_of)>(new CommandDefinition(
            $"SELECT user_id, state, on_behalf_of FROM {Q(TaskTables.Assignees)} WHERE task_id = @id ORDER BY added_at, user_id", new { id }, cancellationToken: ct))).ToList();
        var actions = (await c.QueryAsync<(string user_id, string action, string? comment, string? files, string? target, long at)>(new CommandDefinition(
            $"SELECT user_id, action, comment, files, target, at FROM {Q(TaskTables.Actions)} WHERE task_id = @id ORDER BY at, id", new { id }, cancellationToken: ct))).ToList();
        if (!caller.IsAdmin && assignees.All(a => a.user_id != caller.UserId) && actions.All(a => a.user_id != caller.UserId))
            throw new ForbiddenException("Only the task's assignees (or an administrator) may see it.");
        var json = row.ToJson(clock.GetUtcNow().ToUnixTimeMilliseconds());
        json["assignees"] = new JsonArray(assignees.Select(a => (JsonNode)new JsonObject { ["userId"] = a.user_id, ["state"] = a.state, ["onBehalfOf"] = a.on_behalf_of }).ToArray());
        json["actions"] = new JsonArray(actions.Select(a => (JsonNode)new JsonObject
        {
            ["userId"] = a.user_id, ["action"] = a.action, ["comment"] = a.comment, ["files"] = a.files is null ? null : JsonNode.Parse(a.files),
            ["to"] = a.target, ["at"] = DateTimeOffset.FromUnixTimeMilliseconds(a.at).ToString("O"),
        }).ToArray());
        return json;
    }

    /// <summary>
    /// Acts on a task. Only a pending assignee or an administrator may (403); a task no longer open answers 409.
    /// approve (all: once every assignee approved), reject, return (to an earlier step, 0 = back to the submitter) and
    /// complete decide the task and resume the workflow; transfer, addApprover and comment keep it open.
    /// </summary>
    public async Task<JsonObject> CompleteAsync(string id, Caller caller, TaskAction request, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var ms = now.ToUnixTimeMilliseconds();
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await scope.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Q(TaskTables.Tasks)} WHERE id = @id", new { id }, scope.Transaction, cancellationToken: ct))
            ?? throw new NotFoundException($"There is no task '{id}'.");
        var pending = await PendingAsync(scope, id, ct);
        var isAssignee = pending.Contains(caller.UserId);
        if (!isAssignee && !caller.IsAdmin)
        {
            if (row.status != "open") throw new ConflictException($"This task is already {row.status} ({row.outcome ?? row.status}).", row.ToJson(ms));
            throw new ForbiddenException("Only the task's current assignees (or an administrator) may act on it.");
        }
        if (row.status != "open") throw new ConflictException($"This task is already {row.status} ({row.outcome ?? row.status}); it cannot be completed again.", row.ToJson(ms));

        var allowed = row.kind == "approval" ? ApprovalActions : TaskActions;
        var action = request.Action ?? (row.kind == "approval" ? null : "complete");
        if (action is null || !allowed.Contains(action))
            throw ValidationFailedException.For("action", $"action must be one of {string.Join(", ", allowed)}.");
        var files = await CheckFilesAsync(scope, request.Files, ct);
        string? target = null;
        string? outcome = null;
        long? returnTo = null;
        switch (action)
        {
            case "transfer" or "addApprover":
                var to = request.To?.ToString();
                if (string.IsNullOrWhiteSpace(to)) throw ValidationFailedException.For("to", $"{action} needs 'to': the user to hand the task to.");
                var resolved = await new ApproverResolver(db.Dialect).UsersAsync(scope, [to], ct);
                if (resolved.Count == 0) throw ValidationFailedException.For("to", $"There is no active user '{to}'.");
                target = resolved[0];
                if (pending.Contains(target)) throw ValidationFailedException.For("to", "That user is already an assignee of this task.");
                if (action == "transfer")
                {
                    if (!isAssignee) throw ValidationFailedException.For("action", "Only an assignee can transfer their part of the task; use addApprover.");
                    await SetStateAsync(scope, id, caller.UserId, "transferred", ct);
                }
                await AddAssigneeAsync(scope, id, new Assignee(target, null), now, ct);
                break;
            case "comment":
                if (string.IsNullOrWhiteSpace(request.Comment) && files is null) throw ValidationFailedException.For("comment", "A comment needs text or files.");
                break;
            case "approve":
                if (row.mode == "all" && isAssignee)
                {
                    await SetStateAsync(scope, id, caller.UserId, "acted", ct);
                    if (pending.Count == 1) outcome = "approved";
                }
                else outcome = "approved";
                break;
            case "reject":
                if (string.IsNullOrWhiteSpace(request.Comment)) throw ValidationFailedException.For("comment", "A rejection needs a comment saying why.");
                outcome = "rejected";
                break;
            case "return":
                var step = request.To is null ? row.step - 1 : ParseStep(request.To);
                if (step < 0 || step >= row.step)
                    throw ValidationFailedException.For("to", $"A return goes to an earlier step: 0 (the submitter) to {row.step - 1}, not {step}.");
                returnTo = step;
                target = step.ToString();
                outcome = "returned";
                break;
            default:
                outcome = "done";
                break;
        }
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q(TaskTables.Actions)} (id, task_id, user_id, action, comment, files, target, at) VALUES (@aid, @id, @user, @action, @comment, @files, @target, @ms)",
            new { aid = Guid.CreateVersion7().ToString(), id, user = caller.UserId, action, comment = request.Comment, files = files?.ToJsonString(), target, ms },
            scope.Transaction, cancellationToken: ct));
        if (outcome is not null)
        {
            if (isAssignee) await SetStateAsync(scope, id, caller.UserId, "acted", ct);
            var updated = await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Q(TaskTables.Tasks)} SET status = 'completed', outcome = @outcome, return_to = @returnTo, completed_by = @user, completed_at = @ms, row_version = row_version + 1 " +
                "WHERE id = @id AND status = 'open' AND row_version = @version",
                new { outcome, returnTo, user = caller.UserId, ms, id, version = row.row_version }, scope.Transaction, cancellationToken: ct));
            if (updated == 0) throw new ConflictException("This task was completed by someone else at the same time.");
            var input = new JsonObject
            {
                ["taskId"] = id, ["outcome"] = outcome, ["returnTo"] = returnTo, ["by"] = caller.UserId, ["byName"] = caller.UserName,
                ["comment"] = request.Comment, ["files"] = files?.DeepClone(), ["step"] = row.step,
            };
            await ResumeAsync(scope, row, input, now, ct);
            scope.AfterCommit(signal.Notify);
        }
        else
            await scope.Connection.ExecuteAsync(new CommandDefinition($"UPDATE {Q(TaskTables.Tasks)} SET row_version = row_version + 1 WHERE id = @id",
                new { id }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return await GetAsync(id, Caller.System, ct);
    }

    private static long ParseStep(JsonNode to) =>
        long.TryParse(to.ToString(), out var s) ? s : throw ValidationFailedException.For("to", "A return needs 'to': the number of an earlier step (0 = the submitter).");

    private Task SetStateAsync(WriteScope scope, string taskId, string user, string state, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition($"UPDATE {Q(TaskTables.Assignees)} SET state = @state WHERE task_id = @taskId AND user_id = @user",
            new { taskId, user, state }, scope.Transaction, cancellationToken: ct));

    private async Task<JsonArray?> CheckFilesAsync(WriteScope scope, IReadOnlyList<string>? files, CancellationToken ct)
    {
        if (files is null || files.Count == 0) return null;
        var result = new JsonArray();
        foreach (var fileId in files.Distinct())
        {
            var name = await scope.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                $"SELECT name FROM {Q(Files.DiskFileStore.Table.Name)} WHERE id = @fileId", new { fileId }, scope.Transaction, cancellationToken: ct))
                ?? throw ValidationFailedException.For("files", $"There is no uploaded file '{fileId}'.");
            result.Add(new JsonObject { ["id"] = fileId, ["name"] = name });
        }
        return result;
    }

    // ---- out of office ----

    public async Task SetDelegationAsync(string userId, string delegateId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        if (to < from) throw ValidationFailedException.For("to", "The delegation must end after it starts.");
        await using var scope = await db.BeginWriteAsync(ct);
        var users = await new ApproverResolver(db.Dialect).UsersAsync(scope, [delegateId], ct);
        if (users.Count == 0) throw ValidationFailedException.For("delegateId", $"There is no active user '{delegateId}'.");
        if (users[0] == userId) throw ValidationFailedException.For("delegateId", "A user cannot delegate to themselves.");
        await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Q(TaskTables.Delegations)} WHERE user_id = @userId", new { userId }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q(TaskTables.Delegations)} (user_id, delegate_id, starts_at, ends_at) VALUES (@userId, @delegateId, @from, @to)",
            new { userId, delegateId = users[0], from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    public async Task<JsonObject?> GetDelegationAsync(string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<(string delegate_id, long starts_at, long ends_at)?>(new CommandDefinition(
            $"SELECT delegate_id, starts_at, ends_at FROM {Q(TaskTables.Delegations)} WHERE user_id = @userId", new { userId }, cancellationToken: ct));
        return row is { } r ? new JsonObject
        {
            ["delegateId"] = r.delegate_id,
            ["from"] = DateTimeOffset.FromUnixTimeMilliseconds(r.starts_at).ToString("O"),
            ["to"] = DateTimeOffset.FromUnixTimeMilliseconds(r.ends_at).ToString("O"),
        } : null;
    }

    public async Task ClearDelegationAsync(string userId, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Q(TaskTables.Delegations)} WHERE user_id = @userId", new { userId }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }
}
