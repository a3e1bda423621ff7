using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>If/else: evaluates "condition" (JavaScript) and continues with True or False.</summary>
public sealed class ConditionActivity : IActivity
{
    public string Type => "condition";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["True", "False"];

    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var condition = context.ScriptProperty("condition") ?? throw new ActivityFailedException("The condition is empty.");
        var value = PlainJson.IsTruthy(context.Evaluate(condition));
        context.Inputs["condition"] = condition;
        context.Note($"{condition} is {(value ? "true" : "false")}");
        return Task.FromResult(ActivityResult.Outcome(value ? "True" : "False"));
    }
}
