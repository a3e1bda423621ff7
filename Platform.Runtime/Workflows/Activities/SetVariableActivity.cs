using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>Sets the variable "name" to "value" (a literal or {"expr": "…"}).</summary>
public sealed class SetVariableActivity : IActivity
{
    public string Type => "setVariable";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];

    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.PropertyString("name");
        if (string.IsNullOrWhiteSpace(name)) throw new ActivityFailedException("setVariable needs a variable 'name'.");
        var value = context.Property("value");
        context.State.Vars[name] = value;
        context.Note($"{name} = {PlainJson.Describe(value)}");
        return Task.FromResult(ActivityResult.Outcome("Done"));
    }
}
