using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Starts an instance when "field" of a record of "model" changes value on update, optionally only
/// from the value "from" and/or to the value "to" (e.g. stage 需求确认 → 方案确认), plus filter/condition.
/// </summary>
public sealed class FieldChangedTrigger : IWorkflowTrigger
{
    public string Type => "field.changed";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors)
    {
        RecordTriggerMatch.ValidateModel(trigger, errors);
        if (trigger["field"] is not JsonValue f || !f.TryGetValue<string>(out var field) || field.Length == 0)
            errors["trigger.field"] = ["A field-changed trigger needs the 'field' it watches."];
    }

    public async Task OnRecordChangedAsync(TriggerContext context, PublishedWorkflow workflow, RecordChange change)
    {
        if (change.Kind != RecordChangeKind.Updated) return;
        var trigger = workflow.Definition.Trigger;
        var field = trigger["field"]!.GetValue<string>();
        var before = change.Before?[field];
        var after = change.After?[field];
        if (RecordFilter.EqualValues(before, after)) return;
        if (trigger.ContainsKey("from") && !RecordFilter.EqualValues(before, trigger["from"])) return;
        if (trigger.ContainsKey("to") && !RecordFilter.EqualValues(after, trigger["to"])) return;
        if (!RecordTriggerMatch.Matches(trigger, change, context.Evaluator)) return;
        var input = RecordTriggerMatch.Input(Type, change);
        input["field"] = field;
        input["from"] = before?.DeepClone();
        input["to"] = after?.DeepClone();
        await context.EnqueueStartAsync(workflow, input, correlation: change.RecordId);
    }
}
