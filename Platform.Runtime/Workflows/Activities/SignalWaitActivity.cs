using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Waits until the instance receives the signal named "signal" (POST …/instances/{id}/signal).
/// The signal's payload becomes this activity's output and, with "variable", that variable.
/// </summary>
public sealed class SignalWaitActivity : IActivity
{
    public string Type => "signal";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool Waits => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.PropertyString("signal");
        if (string.IsNullOrWhiteSpace(name)) throw new ActivityFailedException("A signal wait needs the 'signal' name.");
        await context.CreateBookmarkAsync("signal", name);
        context.Note($"waiting for signal '{name}'");
        return ActivityResult.Suspend();
    }

    public Task<ActivityResult> ResumeAsync(ActivityContext context, System.Text.Json.Nodes.JsonNode? input)
    {
        context.State.Outputs[context.Activity.Id] = input?.DeepClone();
        if (context.PropertyString("variable") is { Length: > 0 } variable) context.State.Vars[variable] = input?.DeepClone();
        return Task.FromResult(ActivityResult.Outcome("Done"));
    }
}
