using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Starts an instance when a form of "model" is submitted: a record-created change. With "form", only
/// records created through that form; the records API passes the form key as "_form" in the change's
/// After values (not stored on the record).
/// </summary>
public sealed class FormSubmittedTrigger : IWorkflowTrigger
{
    public string Type => "form.submitted";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors) => RecordTriggerMatch.ValidateModel(trigger, errors);

    public async Task OnRecordChangedAsync(TriggerContext context, PublishedWorkflow workflow, RecordChange change)
    {
        if (change.Kind != RecordChangeKind.Created) return;
        var form = workflow.Definition.Trigger["form"]?.GetValue<string>();
        var submittedWith = change.After?["_form"]?.GetValue<string>();
        if (form is not null && form != submittedWith) return;
        if (!RecordTriggerMatch.Matches(workflow.Definition.Trigger, change, context.Evaluator)) return;
        var input = RecordTriggerMatch.Input(Type, change);
        input["form"] = submittedWith ?? form;
        await context.EnqueueStartAsync(workflow, input, correlation: change.RecordId);
    }
}
