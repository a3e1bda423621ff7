using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>What a dry run did: status (completed | paused | faulted | notTriggered), journal, variables, outputs and what it captured.</summary>
public sealed record DryRunResult(string Status, IReadOnlyList<JsonObject> Journal, JsonObject Variables, JsonObject Outputs, DryRunCapture Capture)
{
    /// <summary>The activity the path ended on: the last one that ran, paused or failed.</summary>
    public string? EndActivity => Journal.LastOrDefault(j => j["kind"]?.GetValue<string>() is "executed" or "suspended" or "faulted" && j["activityId"] is not null)?["activityId"]?.GetValue<string>();

    public JsonObject ToJson() => new()
    {
        ["status"] = Status,
        ["endActivity"] = EndActivity,
        ["journal"] = new JsonArray([.. Journal.Select(j => (JsonNode)j.DeepClone())]),
        ["variables"] = Variables.DeepClone(),
        ["outputs"] = Outputs.DeepClone(),
        ["records"] = Capture.Records.DeepClone(),
        ["sideEffects"] = Capture.SideEffects.DeepClone(),
        ["pauses"] = Capture.Pauses.DeepClone(),
    };
}
