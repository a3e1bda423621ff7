using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// What a dry run would have done, captured instead of performed: record writes (made in a
/// transaction that is rolled back), messages that would leave (http, email, robots, in-app
/// notifications), sub-workflows it would start, and the waits where it would pause.
/// </summary>
public sealed class DryRunCapture
{
    public JsonArray Records { get; } = [];
    public JsonArray SideEffects { get; } = [];
    public JsonArray Pauses { get; } = [];

    internal void RecordChanged(RecordChange change)
    {
        var entry = new JsonObject
        {
            ["action"] = change.Kind.ToString().ToLowerInvariant(),
            ["model"] = change.Model,
            ["id"] = change.RecordId,
            ["by"] = change.Caller.UserName,
        };
        if (change.Before is not null && change.After is not null)
        {
            var changed = new JsonObject();
            foreach (var (k, v) in change.After)
                if (k is not ("rowVersion" or "updatedAt" or "updatedBy") && !JsonNode.DeepEquals(v, change.Before[k])) changed[k] = new JsonObject { ["from"] = change.Before[k]?.DeepClone(), ["to"] = v?.DeepClone() };
            entry["changes"] = changed;
        }
        else if (change.After is not null) entry["values"] = change.After.DeepClone();
        Records.Add(entry);
    }

    internal void SideEffect(string activityId, string channel, JsonNode? payload) =>
        SideEffects.Add(new JsonObject { ["activity"] = activityId, ["channel"] = channel, ["payload"] = payload?.DeepClone() });

    internal void Pause(string activityId, string name, string waitsFor, DateTimeOffset? dueAt) =>
        Pauses.Add(new JsonObject { ["activity"] = activityId, ["waitsFor"] = name, ["key"] = waitsFor, ["dueAt"] = dueAt?.ToString("O") });
}
