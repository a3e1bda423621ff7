using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Switch: "cases" is a list of {name, condition}; the first case whose condition holds is the
/// outcome, else "Default". The journal names the matching row, so routing decisions explain themselves.
/// </summary>
public sealed class SwitchActivity : IActivity
{
    public string Type => "switch";

    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) =>
        [.. Cases(activity).Select(c => c.Name), "Default"];

    public static IEnumerable<(string Name, string? Condition)> Cases(ActivityDefinition activity) =>
        (activity.Properties["cases"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (c["name"]?.GetValue<string>() ?? "", ActivityContext.ExpressionText(c["condition"])));

    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var row = 0;
        foreach (var (name, condition) in Cases(context.Activity))
        {
            row++;
            if (condition is null) continue;
            if (PlainJson.IsTruthy(context.Evaluate(condition)))
            {
                context.Note($"case {row} '{name}' matched ({condition})");
                return Task.FromResult(ActivityResult.Outcome(name));
            }
        }
        context.Note($"none of {row} cases matched");
        return Task.FromResult(ActivityResult.Outcome("Default"));
    }
}
