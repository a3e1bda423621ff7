using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Definitions;

/// <summary>One activity of a flowchart: its id, type, properties (literals or {"expr": "…"}) and designer position.</summary>
public sealed record ActivityDefinition(string Id, string Type, JsonObject Properties, string? Name);

/// <summary>An edge: when <see cref="Source"/> ends with <see cref="Outcome"/>, <see cref="Target"/> runs next.</summary>
public sealed record Connection(string Source, string Outcome, string Target);

/// <summary>
/// A workflow as a JSON flowchart:
/// {key, name, trigger:{type, …}, variables:{name: initial}, activities:[{id, type, properties, position}],
///  connections:[{source, outcome, target}], start?: activity id}.
/// The start is the activity named by "start", else the first without incoming connections, else the first listed.
/// </summary>
public sealed class WorkflowDefinition
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required JsonObject Trigger { get; init; }
    public required JsonObject Variables { get; init; }
    public required IReadOnlyList<ActivityDefinition> Activities { get; init; }
    public required IReadOnlyList<Connection> Connections { get; init; }
    public string? StartId { get; init; }
    public required JsonObject Json { get; init; }

    public string TriggerType => Trigger["type"]?.GetValue<string>() ?? "";

    private Dictionary<string, ActivityDefinition>? _byId;
    public ActivityDefinition? Find(string id) =>
        (_byId ??= Activities.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First())).GetValueOrDefault(id);

    public IEnumerable<Connection> From(string source, string outcome) =>
        Connections.Where(c => c.Source == source && string.Equals(c.Outcome, outcome, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<Connection> Into(string target) => Connections.Where(c => c.Target == target);

    public ActivityDefinition? Start =>
        StartId is not null ? Find(StartId) : Activities.FirstOrDefault(a => !Connections.Any(c => c.Target == a.Id)) ?? Activities.FirstOrDefault();

    /// <summary>Reads the JSON shape; structural mistakes are refused with field errors (semantic checks are <see cref="WorkflowValidator"/>).</summary>
    public static WorkflowDefinition Parse(JsonObject json)
    {
        var errors = new Dictionary<string, string[]>();
        string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var key = Str(json["key"]);
        if (key is null || !Apps.AppPackage.IsValidKey(key)) errors["key"] = ["Workflow key must be 2–40 characters: lower-case letters, digits and '-', starting with a letter."];
        var trigger = json["trigger"] as JsonObject;
        if (trigger is null || Str(trigger["type"]) is null) errors["trigger"] = ["A workflow needs a trigger with a type."];
        var activities = new List<ActivityDefinition>();
        if (json["activities"] is not JsonArray acts) errors["activities"] = ["'activities' must be a list."];
        else
            foreach (var (node, i) in acts.Select((n, i) => (n, i)))
            {
                var id = Str(node?["id"]);
                var type = Str(node?["type"]);
                if (id is null || type is null) { errors[$"activities[{i}]"] = ["Each activity needs an id and a type."]; continue; }
                activities.Add(new ActivityDefinition(id, type, node!["properties"] as JsonObject ?? new JsonObject(), Str(node["name"])));
            }
        var connections = new List<Connection>();
        if (json["connections"] is JsonArray conns)
            foreach (var (node, i) in conns.Select((n, i) => (n, i)))
            {
                var source = Str(node?["source"]);
                var target = Str(node?["target"]);
                if (source is null || target is null) { errors[$"connections[{i}]"] = ["Each connection needs a source and a target."]; continue; }
                connections.Add(new Connection(source, Str(node!["outcome"]) ?? "Done", target));
            }
        else if (json["connections"] is not null) errors["connections"] = ["'connections' must be a list."];
        if (json["variables"] is { } vars && vars is not JsonObject) errors["variables"] = ["'variables' must be an object of name → initial value."];
        foreach (var dup in activities.GroupBy(a => a.Id).Where(g => g.Count() > 1))
            errors[$"activities.{dup.Key}"] = [$"Activity id '{dup.Key}' is used more than once."];
        if (errors.Count > 0) throw new ValidationFailedException("The workflow definition is not valid.", errors);
        return new WorkflowDefinition
        {
            Key = key!,
            Name = Str(json["name"]) ?? key!,
            Trigger = trigger!,
            Variables = json["variables"] as JsonObject ?? new JsonObject(),
            Activities = activities,
            Connections = connections,
            StartId = Str(json["start"]),
            Json = json,
        };
    }
}
