using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Starts the published workflow "workflow" of the same app with "inputs" as its variables and waits
/// for it to complete; the child's variables become this activity's output.
/// </summary>
public sealed class SubWorkflowActivity : IActivity
{
    public string Type => "subWorkflow";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool Waits => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var key = context.PropertyString("workflow");
        if (string.IsNullOrWhiteSpace(key)) throw new ActivityFailedException("A sub-workflow needs the 'workflow' key.");
        var inputs = context.Property("inputs") as JsonObject ?? new JsonObject();
        var bookmark = await context.CreateBookmarkAsync("subworkflow", key + ":" + context.State.Json["seq"]);
        await context.StartChildAsync(key, inputs, bookmark);
        context.Note($"started '{key}'");
        return ActivityResult.Suspend();
    }

    public Task<ActivityResult> ResumeAsync(ActivityContext context, JsonNode? input)
    {
        context.State.Outputs[context.Activity.Id] = input?.DeepClone();
        if (context.PropertyString("variable") is { Length: > 0 } variable) context.State.Vars[variable] = input?.DeepClone();
        return Task.FromResult(ActivityResult.Outcome("Done"));
    }
}
