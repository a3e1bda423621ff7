using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// The mutable part of an instance, stored as one JSON document: variables, activity outputs, the
/// trigger's input, join and loop bookkeeping, steps still to run, and the journal sequence.
/// </summary>
public sealed class InstanceState(JsonObject json)
{
    public JsonObject Json { get; } = json;

    private JsonObject Obj(string name) => Json[name] as JsonObject ?? (JsonObject)(Json[name] = new JsonObject());

    public JsonObject Vars => Obj("vars");
    public JsonObject Outputs => Obj("outputs");
    public JsonObject Joins => Obj("joins");
    public JsonObject Loops => Obj("loops");
    public JsonNode? Trigger { get => Json["trigger"]; set => Json["trigger"] = value; }

    /// <summary>Steps queued but not run yet (a burst hit its step limit, or a step failed): run first on the next burst.</summary>
    public JsonArray Pending => Json["pending"] as JsonArray ?? (JsonArray)(Json["pending"] = new JsonArray());

    public long NextJournalSeq()
    {
        var seq = (Json["seq"]?.GetValue<long>() ?? 0) + 1;
        Json["seq"] = seq;
        return seq;
    }

    public static InstanceState Parse(string json) => new((JsonObject)JsonNode.Parse(json)!);
}
