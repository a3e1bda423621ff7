using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Triggers;

namespace Platform.Runtime.Workflows;

/// <summary>
/// Trying a workflow without consequences. A dry run runs a draft (or a given definition) against
/// an existing record with every side effect captured (<see cref="WorkflowEngine.DryRunAsync"/>);
/// a replay dry-runs the draft and the published version over the trigger model's records created
/// in a period and counts, per outcome (end activity, value of each variable), how often each
/// version reaches it — "412 routed to group A, was 380".
/// </summary>
public sealed class WorkflowDryRun(WorkflowRuntime runtime, RecordStore records, RecordQuery query, IExpressionEvaluator evaluator)
{
    public const int MaxReplayRecords = 2000;
    private static readonly string[] RecordTriggers = ["record.created", "record.updated", "record.deleted", "field.changed", "form.submitted", "date.relative"];

    /// <summary>The given definition, else the latest saved version (draft or published), parsed and checked like a publish.</summary>
    public async Task<WorkflowDefinition> DraftAsync(string app, string key, JsonObject? given, CancellationToken ct)
    {
        var json = given is not null ? (JsonObject)given.DeepClone() : (await runtime.Definitions.GetLatestAsync(app, key, ct)).Json;
        json["key"] ??= key;
        var definition = WorkflowDefinition.Parse(json);
        await runtime.Publisher.ValidateAsync(app, definition, ct);
        return definition;
    }

    public async Task<DryRunResult> RunAsync(string app, string key, string recordId, string? model, JsonObject? given, Caller caller, CancellationToken ct)
    {
        var definition = await DraftAsync(app, key, given, ct);
        model ??= definition.Trigger["model"]?.GetValue<string>() ?? throw ValidationFailedException.For("model", "This workflow's trigger names no model: say which model the record belongs to.");
        var record = await records.GetAsync(caller, app, model, recordId, ct);
        var trigger = TriggerFor(app, definition, model, record, caller);
        if (trigger is null) return NotTriggered(definition, $"The trigger's filter or condition does not match {model} {recordId}: the workflow would not start.");
        return await runtime.Engine.DryRunAsync(app, definition, trigger, ct);
    }

    /// <summary>Dry-runs draft and published version over the records created in [from, to) and compares their outcomes.</summary>
    public async Task<JsonObject> ReplayAsync(string app, string key, DateTimeOffset from, DateTimeOffset to, JsonObject? given, Caller caller, CancellationToken ct)
    {
        if (to <= from) throw ValidationFailedException.For("to", "'to' must be after 'from'.");
        var draft = await DraftAsync(app, key, given, ct);
        var published = (await runtime.Catalog.FindAsync(app, key, ct))?.Definition
            ?? throw new ConflictException($"Workflow '{key}' has no published version to compare with.");
        var model = draft.Trigger["model"]?.GetValue<string>() ?? published.Trigger["model"]?.GetValue<string>()
            ?? throw ValidationFailedException.For("trigger.model", "A replay runs over the records of the trigger's model; this trigger names none.");

        var rows = await RecordsCreatedAsync(app, model, from, to, ct);
        var counts = new Dictionary<string, (JsonObject Outcome, int Draft, int Published)>();
        void Count(JsonObject outcome, bool isDraft)
        {
            var k = outcome.ToJsonString();
            var (o, d, p) = counts.TryGetValue(k, out var c) ? c : (outcome, 0, 0);
            counts[k] = isDraft ? (o, d + 1, p) : (o, d, p + 1);
        }
        var changed = new JsonArray();
        var changedCount = 0;
        foreach (var record in rows)
        {
            var id = record["id"]!.GetValue<string>();
            var a = await OutcomesAsync(app, draft, model, record, caller, ct);
            var b = await OutcomesAsync(app, published, model, record, caller, ct);
            foreach (var o in a) Count(o, true);
            foreach (var o in b) Count(o, false);
            if (new JsonArray([.. a]).ToJsonString() != new JsonArray([.. b]).ToJsonString())
            {
                changedCount++;
                if (changed.Count < 20) changed.Add(new JsonObject { ["recordId"] = id, ["draft"] = new JsonArray([.. a.Select(x => (JsonNode)x.DeepClone())]), ["published"] = new JsonArray([.. b.Select(x => (JsonNode)x.DeepClone())]) });
            }
        }
        var outcomes = counts.Values
            .OrderByDescending(c => Math.Abs(c.Draft - c.Published)).ThenBy(c => c.Outcome.ToJsonString(), StringComparer.Ordinal)
            .Select(c =>
            {
                var o = (JsonObject)c.Outcome.DeepClone();
                o["draft"] = c.Draft;
                o["published"] = c.Published;
                o["difference"] = c.Draft - c.Published;
                return (JsonNode)o;
            });
        return new JsonObject
        {
            ["model"] = model, ["from"] = from.ToString("O"), ["to"] = to.ToString("O"), ["records"] = rows.Count,
            ["changedRecords"] = changedCount, ["outcomes"] = new JsonArray([.. outcomes]), ["examples"] = changed,
        };
    }

    /// <summary>One run's outcomes: where it ended (and how), and the value of each variable.</summary>
    private async Task<List<JsonObject>> OutcomesAsync(string app, WorkflowDefinition definition, string model, JsonObject record, Caller caller, CancellationToken ct)
    {
        var trigger = TriggerFor(app, definition, model, record, caller);
        if (trigger is null) return [new JsonObject { ["end"] = null, ["status"] = "notTriggered" }];
        var result = await runtime.Engine.DryRunAsync(app, definition, trigger, ct);
        var list = new List<JsonObject> { new() { ["end"] = result.EndActivity, ["status"] = result.Status } };
        foreach (var (name, value) in result.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
            list.Add(new JsonObject { ["variable"] = name, ["value"] = value?.DeepClone() });
        return list;
    }

    private async Task<List<JsonObject>> RecordsCreatedAsync(string app, string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var found = new List<JsonObject>();
        string? after = null;
        do
        {
            var request = new JsonObject
            {
                ["filter"] = new JsonObject { ["and"] = new JsonArray(
                    new JsonObject { ["field"] = "createdAt", ["op"] = "gte", ["value"] = from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
                    new JsonObject { ["field"] = "createdAt", ["op"] = "lt", ["value"] = to.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) }) },
                ["sort"] = new JsonArray(new JsonObject { ["field"] = "createdAt" }),
                ["page"] = after is null ? new JsonObject { ["size"] = 500 } : new JsonObject { ["size"] = 500, ["after"] = after },
            };
            var page = await query.QueryAsync(Caller.System, app, model, request, ct);
            found.AddRange(page["items"]!.AsArray().Select(i => (JsonObject)i!.DeepClone()));
            if (found.Count > MaxReplayRecords)
                throw ValidationFailedException.For("from", $"More than {MaxReplayRecords} {model} records were created in this period: choose a shorter one.");
            after = page["next"]?.GetValue<string>();
        } while (after is not null);
        return found;
    }

    /// <summary>The trigger input the workflow would start with for this record, or null when its filter or condition does not match.</summary>
    private JsonObject? TriggerFor(string app, WorkflowDefinition definition, string model, JsonObject record, Caller caller)
    {
        var type = definition.TriggerType;
        var id = record["id"]!.GetValue<string>();
        if (!RecordTriggers.Contains(type))
            return new JsonObject
            {
                ["kind"] = type, ["recordId"] = id, ["record"] = record.DeepClone(),
                ["caller"] = new JsonObject { ["id"] = caller.UserId, ["userName"] = caller.UserName },
            };
        var deleted = type == "record.deleted";
        // Replayed as if the record had just been written as it is now (a before-state is not known).
        var change = new RecordChange(app, model, id, deleted ? RecordChangeKind.Deleted : RecordChangeKind.Created,
            deleted ? record : null, deleted ? null : record, caller, DateTimeOffset.UtcNow) { Form = definition.Trigger["form"]?.GetValue<string>() };
        if (!RecordTriggerMatch.Matches(definition.Trigger, change, evaluator)) return null;
        var input = RecordTriggerMatch.Input(type, change);
        if (change.Form is not null) input["form"] = change.Form;
        return input;
    }

    private static DryRunResult NotTriggered(WorkflowDefinition definition, string message) =>
        new("notTriggered", [new JsonObject { ["seq"] = 1, ["kind"] = "notTriggered", ["message"] = message }],
            (JsonObject)definition.Variables.DeepClone(), new JsonObject(), new DryRunCapture());
}
