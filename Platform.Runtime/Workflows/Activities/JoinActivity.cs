using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Join: "mode" all (default) continues once every incoming branch has arrived; any continues on the
/// first arrival and ignores the rest of that round. Arrivals are kept in the instance state, so a
/// join works across bursts (one branch waited on a timer, the other did not).
/// </summary>
public sealed class JoinActivity : IActivity
{
    public string Type => "join";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];

    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var id = context.Activity.Id;
        var incoming = context.Workflow.Into(id).Select(c => c.Source).Distinct().ToList();
        var arrived = context.State.Joins[id] as JsonArray ?? (JsonArray)(context.State.Joins[id] = new JsonArray());
        if (context.ArrivedFrom is { } from && !arrived.Any(a => a?.GetValue<string>() == from)) arrived.Add(from);
        var names = arrived.Select(a => a!.GetValue<string>()).ToHashSet();
        var all = incoming.All(names.Contains);
        var mode = context.PropertyString("mode") ?? "all";
        if (mode == "any")
        {
            var first = names.Count == 1;
            if (all) context.State.Joins.Remove(id); // round complete: the next round starts afresh
            context.Note(first ? $"first branch arrived from '{context.ArrivedFrom}'" : $"branch from '{context.ArrivedFrom}' arrived after the first; ignored");
            return Task.FromResult(first ? ActivityResult.Outcome("Done") : ActivityResult.Stop());
        }
        if (!all)
        {
            context.Note($"{names.Count} of {incoming.Count} branches arrived");
            return Task.FromResult(ActivityResult.Stop());
        }
        context.State.Joins.Remove(id);
        context.Note($"all {incoming.Count} branches arrived");
        return Task.FromResult(ActivityResult.Outcome("Done"));
    }
}
