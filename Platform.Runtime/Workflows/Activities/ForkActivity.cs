using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>Fork: continues on every branch named in "branches" at once (joined later by a join activity).</summary>
public sealed class ForkActivity : IActivity
{
    public string Type => "fork";

    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) =>
        (activity.Properties["branches"] as JsonArray ?? []).Select(b => b?.GetValue<string>() ?? "").Where(b => b.Length > 0).ToList();

    public Task<ActivityResult> ExecuteAsync(ActivityContext context) =>
        Task.FromResult(ActivityResult.Outcome([.. Outcomes(context.Activity)]));
}
