using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>Starts an instance when a record of "model" is updated and matches "filter" / "condition" (and, with "fields", only when one of them changed).</summary>
public sealed class RecordUpdatedTrigger : IWorkflowTrigger
{
    public string Type => "record.updated";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors) => RecordTriggerMatch.ValidateModel(trigger, errors);

    public async Task OnRecordChangedAsync(TriggerContext context, PublishedWorkflow workflow, RecordChange change)
    {
        if (change.Kind != RecordChangeKind.Updated) return;
        if (workflow.Definition.Trigger["fields"] is JsonArray fields && fields.Count > 0)
        {
            var changed = RecordTriggerMatch.Changed(change);
            if (!fields.Any(f => changed.Contains(f?.GetValue<string>() ?? ""))) return;
        }
        if (!RecordTriggerMatch.Matches(workflow.Definition.Trigger, change, context.Evaluator)) return;
        await context.EnqueueStartAsync(workflow, RecordTriggerMatch.StartInput(Type, change), correlation: change.RecordId);
    }
}
