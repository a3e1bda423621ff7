using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Tells people something. "channel": inApp (a row in the notifications table for each user id in
/// "to", in this transaction), email (through the outbox to SMTP), wecom or dingtalk (a group robot
/// webhook at "url", through the outbox, in their {"msgtype":"text","text":{"content":…}} format).
/// "title" and "message" may be expressions.
/// </summary>
public sealed class NotificationActivity(Outbox.OutboundAddressGuard? guard = null) : IActivity
{
    public string Type => "notify";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var channel = context.PropertyString("channel") ?? "inApp";
        var title = context.PropertyString("title") ?? "";
        var message = context.PropertyString("message") ?? "";
        switch (channel)
        {
            case "inApp":
                var users = await UserRecipientsAsync(context, context.Property("to"));
                if (users.Count == 0) throw new ActivityFailedException("An in-app notification needs 'to': a user id, {\"role\"}, {\"department\"} or {\"departmentHead\"}, or a list of them, naming at least one active user.");
                if (context.IsDryRun) context.Capture("inApp", new JsonObject { ["to"] = new JsonArray([.. users.Select(u => JsonValue.Create(u))]), ["title"] = title, ["message"] = message });
                else foreach (var user in users)
                    await context.Scope.Connection.ExecuteAsync(new CommandDefinition(
                        $"INSERT INTO {WorkflowTables.Notifications} (id, user_id, app, title, body, link, instance_id, created_at) VALUES (@id, @user, @app, @title, @message, @link, @instance, @now)",
                        new { id = Guid.CreateVersion7().ToString(), user, app = context.App, title, message, link = context.PropertyString("link"),
                              instance = context.InstanceId, now = context.Now.ToUnixTimeMilliseconds() },
                        context.Scope.Transaction, cancellationToken: context.Cancellation));
                context.Note($"in-app to {string.Join(", ", users)}: {title}");
                break;
            case "email":
                var to = Recipients(context.Property("to"));
                if (to.Count == 0 || to.Any(t => !t.Contains('@'))) throw new ActivityFailedException("An email needs 'to': one or more email addresses.");
                await context.EnqueueOutboxAsync("email", new JsonObject { ["to"] = new JsonArray([.. to.Select(t => JsonValue.Create(t))]), ["subject"] = title, ["body"] = message });
                context.Note($"email to {string.Join(", ", to)} queued");
                break;
            case "wecom" or "dingtalk":
                var url = context.PropertyString("url");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var robot)) throw new ActivityFailedException($"A {channel} robot needs its webhook 'url'.");
                if (guard?.Refusal(robot) is { } refused) throw new ActivityFailedException(refused);
                var content = title.Length > 0 ? title + "\n" + message : message;
                await context.EnqueueOutboxAsync("http", new JsonObject
                {
                    ["method"] = "POST",
                    ["url"] = url,
                    ["headers"] = new JsonObject(),
                    ["body"] = new JsonObject { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = content } },
                });
                context.Note($"{channel} robot message queued");
                break;
            default:
                throw new ActivityFailedException($"Unknown notification channel '{channel}': use inApp, email, wecom or dingtalk.");
        }
        return ActivityResult.Outcome("Done");
    }

    /// <summary>
    /// In-app recipients: user ids, or groups resolved now: {"role": "teamLead"} / {"department": id}
    /// (active members, see AssignmentGroup) and {"departmentHead": id} (the nearest head up the
    /// department tree, e.g. a rep's team lead for an escalation).
    /// </summary>
    private static async Task<List<string>> UserRecipientsAsync(ActivityContext context, JsonNode? to)
    {
        var result = new List<string>();
        foreach (var entry in to is JsonArray list ? list.ToList() : [to])
        {
            if (entry is JsonObject o && o["departmentHead"]?.ToString() is { Length: > 0 } department)
            {
                if (await NearestHeadAsync(context, department) is { } head) result.Add(head);
            }
            else if (entry is JsonObject group) result.AddRange(await AssignmentGroup.MembersAsync(context, group));
            else result.AddRange(Recipients(entry));
        }
        return result.Distinct().ToList();
    }

    private static async Task<string?> NearestHeadAsync(ActivityContext context, string departmentId)
    {
        string? id = departmentId;
        for (var depth = 0; id is not null && depth < 32; depth++)
        {
            var row = await context.Scope.Connection.QuerySingleOrDefaultAsync<(string? Head, string? Parent)>(new CommandDefinition(
                "SELECT head_user_id, parent_id FROM lc_departments WHERE id = @id", new { id }, context.Scope.Transaction, cancellationToken: context.Cancellation));
            if (row.Head is { Length: > 0 } head) return head;
            id = row.Parent;
        }
        return null;
    }

    private static List<string> Recipients(JsonNode? to) => to switch
    {
        JsonArray a => a.Select(n => n?.ToString() ?? "").Where(s => s.Length > 0).ToList(),
        JsonValue v when v.ToString() is { Length: > 0 } s => [s],
        _ => [],
    };
}
