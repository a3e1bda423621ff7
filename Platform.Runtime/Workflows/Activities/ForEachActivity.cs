using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// For-each over a list ("items": a literal list or an expression): sets the variable named by
/// "variable" (default "item") and "index", continues with Iterate for each element, then Done. The
/// loop body connects back to this activity.
/// </summary>
public sealed class ForEachActivity : IActivity
{
    public string Type => "forEach";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Iterate", "Done"];
    public bool BoundsLoop => true;

    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var id = context.Activity.Id;
        var loop = context.State.Loops[id] as JsonObject;
        if (loop is null)
        {
            // First arrival: the list is read once, so changes made by the body do not change the round.
            var items = context.Property("items") switch
            {
                JsonArray a => a,
                null => new JsonArray(),
                var other => throw new ActivityFailedException($"'items' must be a list, not {PlainJson.Describe(other)}."),
            };
            loop = new JsonObject { ["items"] = items, ["index"] = 0 };
            context.State.Loops[id] = loop;
        }
        var list = (JsonArray)loop["items"]!;
        var index = loop["index"]!.GetValue<int>();
        if (index >= list.Count)
        {
            context.State.Loops.Remove(id);
            context.Note($"all {list.Count} items done");
            return Task.FromResult(ActivityResult.Outcome("Done"));
        }
        var variable = context.PropertyString("variable") ?? "item";
        context.State.Vars[variable] = list[index]?.DeepClone();
        context.State.Vars["index"] = index;
        loop["index"] = index + 1;
        context.Note($"item {index + 1} of {list.Count}");
        return Task.FromResult(ActivityResult.Outcome("Iterate"));
    }
}
