using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Activities;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Triggers;

namespace Platform.Runtime.Workflows.Definitions;

/// <summary>
/// Refuses a definition that cannot run, naming the activity: unknown activity or trigger type,
/// a connection to or from nowhere or with an outcome its source never has, a cycle with no waiting
/// or looping activity on it (it would spin forever), an expression that does not parse, a decision
/// table the app does not have.
/// </summary>
public sealed class WorkflowValidator(ActivityRegistry activities, TriggerRegistry triggers)
{
    // Properties that always hold JavaScript even when written as a plain string.
    private static readonly Dictionary<string, string[]> ScriptProperties = new()
    {
        ["condition"] = ["condition"],
        ["script"] = ["script"],
    };

    /// <param name="decisionTables">Keys of the app's decision tables: a decisionTable activity naming another key is refused (null: not checked).</param>
    public void Validate(WorkflowDefinition definition, IReadOnlyCollection<string>? decisionTables = null)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = errors.TryGetValue(key, out var list) ? [.. list, message] : [message];

        var triggerType = definition.TriggerType;
        var trigger = triggers.Find(triggerType);
        if (trigger is null) Add("trigger", $"Unknown trigger type '{triggerType}'. Known: {string.Join(", ", triggers.Types.Order())}.");
        else trigger.Validate(definition.Trigger, errors);

        if (definition.Activities.Count == 0) Add("activities", "A workflow needs at least one activity.");
        else if (definition.Start is null) Add("start", $"The start activity '{definition.StartId}' does not exist.");

        foreach (var activity in definition.Activities)
        {
            var impl = activities.Find(activity.Type);
            if (impl is null) { Add($"activities.{activity.Id}", $"Activity '{activity.Id}' has an unknown type '{activity.Type}'."); continue; }
            impl.Validate(activity, message => Add($"activities.{activity.Id}", message));
            if (decisionTables is not null && DecisionTableActivity.TableKey(activity) is { } table && !decisionTables.Contains(table))
                Add($"activities.{activity.Id}", $"Activity '{activity.Id}' uses decision table '{table}', which this app does not have" +
                    (decisionTables.Count == 0 ? " (it has none)." : $" (it has: {string.Join(", ", decisionTables.Order())})."));
            foreach (var (where, code) in Expressions(activity))
                if (ScriptSyntax.Check(code) is { } problem)
                    Add($"activities.{activity.Id}", $"Activity '{activity.Id}': the expression in '{where}' does not parse: {problem}");
        }

        foreach (var c in definition.Connections)
        {
            var source = definition.Find(c.Source);
            var key = $"activities.{c.Source}";
            if (source is null) { Add($"connections.{c.Source}", $"A connection starts at '{c.Source}', which is not an activity of this workflow."); continue; }
            if (definition.Find(c.Target) is null) Add(key, $"Activity '{c.Source}' connects '{c.Outcome}' to '{c.Target}', which is not an activity of this workflow.");
            if (activities.Find(source.Type) is { } impl && impl.Outcomes(source) is { Count: > 0 } outcomes && !outcomes.Contains(c.Outcome, StringComparer.OrdinalIgnoreCase))
                Add(key, $"Activity '{c.Source}' never ends with outcome '{c.Outcome}' (it has: {string.Join(", ", outcomes)}).");
        }

        if (BusyCycle(definition) is { Count: > 0 } cycle)
            Add($"activities.{cycle[0]}", $"Activities {string.Join(" → ", cycle.Select(a => $"'{a}'"))} form a cycle with no waiting or for-each activity: it would never stop.");

        if (errors.Count > 0) throw new ValidationFailedException($"Workflow '{definition.Key}' cannot be published.", errors);
    }

    /// <summary>Every JavaScript text in an activity's properties: {"expr": …} anywhere, plus the always-script properties.</summary>
    private static IEnumerable<(string Where, string Code)> Expressions(ActivityDefinition activity)
    {
        foreach (var name in ScriptProperties.GetValueOrDefault(activity.Type, []))
            if (ActivityContext.ExpressionText(activity.Properties[name]) is { } code) yield return (name, code);
        if (activity.Type == "switch")
            foreach (var (caseName, condition) in SwitchActivity.Cases(activity))
                if (condition is not null) yield return ($"cases.{caseName}", condition);
        foreach (var found in Walk(activity.Properties, "")) yield return found;
    }

    private static IEnumerable<(string, string)> Walk(JsonNode? node, string path)
    {
        if (ActivityContext.IsExpression(node)) { yield return (path, node!["expr"]!.GetValue<string>()); yield break; }
        if (node is JsonObject o) foreach (var (k, v) in o) foreach (var x in Walk(v, path.Length == 0 ? k : $"{path}.{k}")) yield return x;
        if (node is JsonArray a) for (var i = 0; i < a.Count; i++) foreach (var x in Walk(a[i], $"{path}[{i}]")) yield return x;
    }

    /// <summary>A cycle made only of activities that neither wait nor bound a loop, as a list of ids; empty when none.</summary>
    private List<string> BusyCycle(WorkflowDefinition definition)
    {
        var busy = definition.Activities
            .Where(a => activities.Find(a.Type) is { } impl && !impl.Waits && !impl.BoundsLoop)
            .Select(a => a.Id).ToHashSet();
        var edges = definition.Connections.Where(c => busy.Contains(c.Source) && busy.Contains(c.Target))
            .GroupBy(c => c.Source).ToDictionary(g => g.Key, g => g.Select(c => c.Target).Distinct().ToList());
        var state = new Dictionary<string, int>(); // 1 = on the path, 2 = done
        var path = new List<string>();
        List<string>? found = null;
        bool Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var next in edges.GetValueOrDefault(id, []))
            {
                if (state.GetValueOrDefault(next) == 1) { found = path[path.IndexOf(next)..]; return true; }
                if (state.GetValueOrDefault(next) == 0 && Visit(next)) return true;
            }
            path.RemoveAt(path.Count - 1);
            state[id] = 2;
            return false;
        }
        foreach (var id in busy.Order())
            if (state.GetValueOrDefault(id) == 0 && Visit(id)) break;
        return found ?? [];
    }
}
