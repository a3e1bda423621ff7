using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Runs a JavaScript "script" in the sandbox (vars, trigger and outputs are in scope, read-only);
/// its value becomes this activity's output and, when "variable" is set, that variable.
/// </summary>
public sealed class ScriptActivity : IActivity
{
    public string Type => "script";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];

    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var script = context.ScriptProperty("script") ?? throw new ActivityFailedException("The script is empty.");
        context.Inputs["script"] = script;
        var result = PlainJson.FromPlain(context.Evaluate(script));
        context.State.Outputs[context.Activity.Id] = result?.DeepClone();
        if (context.PropertyString("variable") is { Length: > 0 } variable) context.State.Vars[variable] = result;
        context.Note($"result {PlainJson.Describe(result)}");
        return Task.FromResult(ActivityResult.Outcome("Done"));
    }
}
