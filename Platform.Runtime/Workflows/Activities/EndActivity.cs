using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>Ends the instance: other branches stop and pending waits are cancelled.</summary>
public sealed class EndActivity : IActivity
{
    public string Type => "end";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => [];
    public Task<ActivityResult> ExecuteAsync(ActivityContext context) => Task.FromResult(ActivityResult.End());
}
