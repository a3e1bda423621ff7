using System.Text.Json.Nodes;
using Cronos;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Starts an instance on a cron schedule ("cron": five fields, or six with seconds; "timeZone": an IANA
/// or Windows id, default UTC). The next occurrence is stored as due timer work; after firing it is
/// re-armed from now, so occurrences missed during downtime fire once, not once each.
/// </summary>
public sealed class ScheduleTrigger : IWorkflowTrigger
{
    public string Type => "schedule";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors)
    {
        try { Parse(trigger); }
        catch (Exception e) when (e is CronFormatException or TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or InvalidOperationException)
        {
            errors["trigger.cron"] = [$"Not a valid schedule: {e.Message}"];
        }
    }

    public static string Key(PublishedWorkflow workflow) => $"cron:{workflow.App}:{workflow.Key}";

    public async Task OnPublishedAsync(TriggerContext context, PublishedWorkflow workflow) =>
        await ArmNextAsync(context, workflow, context.Now);

    public async Task<JsonObject?> OnTimerAsync(TriggerContext context, PublishedWorkflow workflow, JsonObject payload)
    {
        var occurrence = payload["occurrence"]?.GetValue<string>();
        await ArmNextAsync(context, workflow, context.Now);
        return new JsonObject { ["kind"] = Type, ["occurrence"] = occurrence, ["firedAt"] = context.Now.ToString("O") };
    }

    private async Task ArmNextAsync(TriggerContext context, PublishedWorkflow workflow, DateTimeOffset after)
    {
        var (cron, zone) = Parse(workflow.Definition.Trigger);
        var next = cron.GetNextOccurrence(after, zone);
        if (next is null) { await context.DisarmAsync(Key(workflow)); return; }
        await context.ArmTimerAsync(workflow, Key(workflow), next.Value, new JsonObject { ["occurrence"] = next.Value.ToString("O") });
    }

    private static (CronExpression, TimeZoneInfo) Parse(JsonObject trigger)
    {
        var text = trigger["cron"]?.GetValue<string>() ?? throw new ArgumentException("'cron' is required.");
        var format = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var zoneId = trigger["timeZone"]?.GetValue<string>();
        return (CronExpression.Parse(text, format), zoneId is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneId));
    }
}
