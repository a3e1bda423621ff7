using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>Starts an instance when a record of "model" is deleted and matches "filter" / "condition".</summary>
public sealed class RecordDeletedTrigger : IWorkflowTrigger
{
    public string Type => "record.deleted";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors) => RecordTriggerMatch.ValidateModel(trigger, errors);

    public async Task OnRecordChangedAsync(TriggerContext context, PublishedWorkflow workflow, RecordChange change)
    {
        if (change.Kind != RecordChangeKind.Deleted) return;

        if (!RecordTriggerMatch.Matches(workflow.Definition.Trigger, change, context.Evaluator)) return;
        await context.EnqueueStartAsync(workflow, RecordTriggerMatch.StartInput(Type, change), correlation: change.RecordId);
    }
}
