using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Scheduling;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Starts an instance at a time relative to a date field of a record of "model", e.g. "field":
/// "last_contact_at", "offset": "72h" (negative offsets such as "-PT24H" fire before the date).
/// Armed as timer work when a record is created, re-armed when the field changes, disarmed when
/// the field is cleared, the record deleted, or the record stops matching "filter".
/// </summary>
public sealed class RelativeDateTrigger : IWorkflowTrigger
{
    public string Type => "date.relative";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors)
    {
        RecordTriggerMatch.ValidateModel(trigger, errors);
        if (trigger["field"] is not JsonValue f || !f.TryGetValue<string>(out _)) errors["trigger.field"] = ["A relative-date trigger needs the date 'field'."];
        if (!Duration.TryParse(trigger["offset"]?.GetValue<string>(), out _)) errors["trigger.offset"] = ["'offset' must be a duration such as \"72h\", \"3d\" or \"-PT24H\"."];
    }

    public static string Key(PublishedWorkflow workflow, string recordId) => $"rel:{workflow.App}:{workflow.Key}:{recordId}";

    public async Task OnRecordChangedAsync(TriggerContext context, PublishedWorkflow workflow, RecordChange change)
    {
        var trigger = workflow.Definition.Trigger;
        if (trigger["model"]?.GetValue<string>() != change.Model) return;
        var key = Key(workflow, change.RecordId);
        if (change.Kind == RecordChangeKind.Deleted) { await context.DisarmAsync(key); return; }
        var field = trigger["field"]!.GetValue<string>();
        var value = change.After?[field];
        if (change.Kind == RecordChangeKind.Updated && RecordFilter.EqualValues(change.Before?[field], value)
            && RecordTriggerMatch.Matches(trigger, change, context.Evaluator)) return; // unchanged date: the armed timer stands
        if (!RecordTriggerMatch.Matches(trigger, change, context.Evaluator) || DateOf(value) is not { } date) { await context.DisarmAsync(key); return; }
        Duration.TryParse(trigger["offset"]!.GetValue<string>(), out var offset);
        await context.ArmTimerAsync(workflow, key, date + offset, new JsonObject
        {
            ["recordId"] = change.RecordId,
            ["input"] = RecordTriggerMatch.Input(Type, change),
        });
    }

    public Task<JsonObject?> OnTimerAsync(TriggerContext context, PublishedWorkflow workflow, JsonObject payload)
    {
        var input = payload["input"]?.DeepClone() as JsonObject ?? new JsonObject { ["kind"] = Type };
        input["firedAt"] = context.Now.ToString("O");
        return Task.FromResult<JsonObject?>(input);
    }

    private static DateTimeOffset? DateOf(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) &&
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
