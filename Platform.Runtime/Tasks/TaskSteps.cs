using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;
using Platform.Runtime.Workflows.Scheduling;

namespace Platform.Runtime.Tasks;

/// <summary>One step to open: who must act and how it is shown.</summary>
public sealed record StepToOpen(string Kind, string Title, string Mode, int Step, int StepCount, string? StepName, IReadOnlyList<string> Users, string? Model, string? RecordId);

/// <summary>
/// What the task and approval activities share: opening a step (delegation applied, a bookmark the task's
/// completion resumes, an SLA timer, in-app notices to the assignees), and at the SLA a reminder to the
/// assignees plus escalation (the approver's head, a role, or any approver definition) added as assignees.
/// </summary>
public sealed class TaskSteps(TaskStore tasks, ApproverResolver resolver, IWorkingCalendar calendar, ISqlDialect dialect)
{
    /// <summary>The name of a step's SLA timer bookmark.</summary>
    public const string SlaBookmark = "sla";

    public ApproverResolver Resolver => resolver;

    public async Task<string> OpenAsync(ActivityContext context, StepToOpen step)
    {
        var assignees = await resolver.DelegateAsync(context.Scope, step.Users, context.Now, context.Cancellation);
        var bookmark = await context.CreateBookmarkAsync("task", $"{context.Activity.Id}:{step.Step}:{Guid.CreateVersion7()}");
        DateTimeOffset? due = null;
        string? slaLead = null;
        // "due": an exact instant (e.g. addHours(now(), 2) for a first touch); "sla": working time from now.
        if (context.PropertyString("due") is { Length: > 0 } exact)
        {
            if (!DateTimeOffset.TryParse(exact, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var exactAt))
                throw new ActivityFailedException($"'due' must be a date-time (ISO 8601), not '{exact}'.");
            due = exactAt;
        }
        else if (context.PropertyString("sla") is { Length: > 0 } sla)
        {
            try { due = WorkingTime.Due(calendar, context.Now, sla); slaLead = sla; }
            catch (FormatException e) { throw new ActivityFailedException($"'sla': {e.Message}"); }
        }
        var taskId = await tasks.CreateAsync(context.Scope, new NewTask(context.App, context.Workflow.Key, context.InstanceId, context.Activity.Id, bookmark,
            step.Kind, step.Title, step.Model, step.RecordId, step.Mode, step.Step, step.StepCount, step.StepName, due, slaLead), assignees, context.Now, context.Cancellation);
        if (due is { } at) await context.CreateBookmarkAsync(SlaBookmark, taskId, at);
        await NotifyAsync(context, assignees.Select(a => a.UserId), step.Title, step.Kind == "approval" ? "待审批" : "待办", taskId);
        var who = string.Join(", ", assignees.Select(a => a.OnBehalfOf is null ? a.UserId : $"{a.UserId} (for {a.OnBehalfOf}, away)"));
        context.Note($"{step.Kind} step {step.Step}/{step.StepCount}{(step.StepName is { Length: > 0 } n ? $" '{n}'" : "")} assigned to {who}" +
                     (due is { } d ? $", due {d.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : ""));
        return taskId;
    }

    /// <summary>
    /// Resolves approver definitions ([{kind, value, levels}], already resolved from expressions) into steps.
    /// Sequential: one step per definition, and one per head level; otherwise a single step with everyone.
    /// </summary>
    public async Task<List<(string Name, List<string> Users)>> ResolveAsync(ActivityContext context, JsonNode? approvers, bool sequential)
    {
        var specs = approvers switch
        {
            JsonArray a => a.ToList(),
            JsonObject o => [o],
            _ => throw new ActivityFailedException("'approvers' must be a list of {kind: user|role|departmentHead|field|expression, value, levels}."),
        };
        var steps = new List<(string Name, List<string> Users)>();
        var ct = context.Cancellation;
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i] as JsonObject ?? throw new ActivityFailedException($"Approver {i + 1} must be an object {{kind, value}}.");
            var kind = spec["kind"]?.ToString() ?? "";
            var value = spec["value"];
            var label = $"approver {i + 1} ({kind}{(value is null ? "" : " " + PlainJson.Describe(value))})";
            var found = new List<List<string>>();
            switch (kind)
            {
                case "user":
                    found.Add(await resolver.UsersAsync(context.Scope, Names(value), ct));
                    break;
                case "role":
                    found.Add(await resolver.RoleMembersAsync(context.Scope, context.App, value?.ToString() ?? "", ct));
                    break;
                case "field":
                    var record = context.State.Trigger?["record"] as JsonObject
                        ?? throw new ActivityFailedException($"{label}: a field approver needs a workflow started by a record.");
                    found.Add(await resolver.UsersAsync(context.Scope, Names(record[value?.ToString() ?? ""]), ct));
                    break;
                case "expression":
                    // {"expr": …} was evaluated with the property; a plain string is the JavaScript itself.
                    var given = ActivityContext.IsExpression((context.Activity.Properties["approvers"] as JsonArray)?[i]?["value"]) || value is not JsonValue
                        ? value : PlainJson.FromPlain(context.Evaluate(value.ToString()));
                    found.Add(await resolver.UsersAsync(context.Scope, Names(given), ct));
                    break;
                case "departmentHead":
                    // Heads above the given user (value), else the record's owner, else whoever started the workflow.
                    var of = value?.ToString() ?? context.State.Trigger?["record"]?["owner"]?.ToString() ?? context.TriggeringUserId
                        ?? throw new ActivityFailedException($"{label}: no user to find the head of (give 'value').");
                    var ofId = (await resolver.UsersAsync(context.Scope, [of], ct)).FirstOrDefault() ?? of;
                    var heads = await resolver.HeadsAboveAsync(context.Scope, ofId, ct);
                    var levels = spec["levels"] is JsonValue l && l.TryGetValue<int>(out var n) ? Math.Max(1, n) : 1;
                    if (heads.Count < levels) throw new ActivityFailedException($"{label}: user {ofId} has {heads.Count} department head(s) above, {levels} level(s) needed.");
                    if (sequential) found.AddRange(heads.Take(levels).Select(h => new List<string> { h }));
                    else found.Add(heads.Take(levels).ToList());
                    break;
                default:
                    throw new ActivityFailedException($"{label}: kind must be one of {string.Join(", ", ApproverSpec.Kinds)}.");
            }
            if (found.Any(f => f.Count == 0)) throw new ActivityFailedException($"{label} resolves to no active user.");
            var name = spec["name"]?.ToString();
            for (var k = 0; k < found.Count; k++)
                steps.Add((name ?? (kind == "departmentHead" ? $"departmentHead {k + 1}" : kind), found[k]));
        }
        if (steps.Count == 0) throw new ActivityFailedException("'approvers' is empty: nobody could act.");
        return sequential ? steps : [(steps[0].Name, steps.SelectMany(s => s.Users).Distinct().ToList())];
    }

    /// <summary>The SLA passed: remind the pending assignees and escalate.</summary>
    public async Task OnSlaAsync(ActivityContext context, string taskId)
    {
        // The task moved to a new owner since the timer was set and got a later due time: wait for that one instead.
        if (await tasks.DueAtAsync(context.Scope, taskId, context.Cancellation) is { } due && due > context.Now.ToUnixTimeMilliseconds())
        {
            await context.CreateBookmarkAsync(SlaBookmark, taskId, DateTimeOffset.FromUnixTimeMilliseconds(due));
            return;
        }
        var pending = await tasks.PendingAsync(context.Scope, taskId, context.Cancellation);
        if (pending.Count == 0) return;
        var title = context.PropertyString("title") ?? context.Activity.Name ?? context.Activity.Id;
        await NotifyAsync(context, pending, title, "已超时，请尽快处理", taskId);
        var escalated = new List<string>();
        switch (context.Property("escalateTo"))
        {
            case null: break;
            case JsonValue v when v.ToString() is "head" or "departmentHead":
                foreach (var user in pending)
                    if ((await resolver.HeadsAboveAsync(context.Scope, user, context.Cancellation)).FirstOrDefault() is { } head) escalated.Add(head);
                break;
            case JsonValue v when v.ToString().StartsWith("role:", StringComparison.Ordinal):
                escalated.AddRange(await resolver.RoleMembersAsync(context.Scope, context.App, v.ToString()[5..], context.Cancellation));
                break;
            case JsonValue v:
                escalated.AddRange(await resolver.UsersAsync(context.Scope, [v.ToString()], context.Cancellation));
                break;
            default:
                throw new ActivityFailedException("'escalateTo' must be \"head\", \"role:<role key>\" or a user.");
        }
        escalated = escalated.Distinct().Where(u => !pending.Contains(u)).ToList();
        foreach (var user in escalated) await tasks.AddAssigneeAsync(context.Scope, taskId, new Assignee(user, null), context.Now, context.Cancellation);
        await tasks.MarkEscalatedAsync(context.Scope, taskId, context.Now, context.Cancellation);
        if (escalated.Count > 0) await NotifyAsync(context, escalated, title, "已超时升级给您处理", taskId);
        context.Note($"SLA passed: reminded {string.Join(", ", pending)}{(escalated.Count > 0 ? $"; escalated to {string.Join(", ", escalated)}" : "")}");
    }

    /// <summary>The step was decided: its SLA timer no longer matters.</summary>
    public Task ClearSlaAsync(ActivityContext context) =>
        context.Scope.Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {dialect.Quote(WorkflowTables.Bookmarks)} WHERE instance_id = @instanceId AND activity_id = @activityId AND name = @name",
            new { instanceId = context.InstanceId, activityId = context.Activity.Id, name = SlaBookmark }, context.Scope.Transaction, cancellationToken: context.Cancellation));

    private async Task NotifyAsync(ActivityContext context, IEnumerable<string> users, string title, string body, string taskId)
    {
        foreach (var user in users)
            await context.Scope.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {dialect.Quote(WorkflowTables.Notifications)} (id, user_id, app, title, body, link, instance_id, created_at) VALUES (@id, @user, @app, @title, @body, @link, @instance, @now)",
                new { id = Guid.CreateVersion7().ToString(), user, app = context.App, title, body, link = "/tasks/" + taskId, instance = context.InstanceId, now = context.Now.ToUnixTimeMilliseconds() },
                context.Scope.Transaction, cancellationToken: context.Cancellation));
    }

    /// <summary>Users from a node: an id or user name, or a list of them.</summary>
    public static IEnumerable<string> Names(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(n => n is JsonObject o ? o["id"]?.ToString() ?? "" : n?.ToString() ?? ""),
        JsonObject o => [o["id"]?.ToString() ?? ""],
        JsonValue v => [v.ToString()],
        _ => [],
    };
}
