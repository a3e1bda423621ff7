using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Starts an instance when a form of "model" is submitted: a record created with "_form" (the form's
/// key) in the create body, which the record store takes out of the values and hands over as
/// <see cref="RecordChange.Form"/>. With "form", only records submitted through that form.
/// </summary>
public sealed class FormSubmittedTrigger : IWorkflowTrigger
{
    public string Type => "form.submitted";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors) => RecordTriggerMatch.ValidateModel(trigger, errors);

    public async Task OnRecordChangedAsync(TriggerContext context, PublishedWorkflow workflow, RecordChange change)
    {
        if (change.Kind != RecordChangeKind.Created) return;
        var form = workflow.Definition.Trigger["form"]?.GetValue<string>();
        var submittedWith = change.Form;
        if (submittedWith is null || (form is not null && form != submittedWith)) return;
        if (!RecordTriggerMatch.Matches(workflow.Definition.Trigger, change, context.Evaluator)) return;
        var input = RecordTriggerMatch.Input(Type, change);
        input["form"] = submittedWith ?? form;
        await context.EnqueueStartAsync(workflow, input, correlation: change.RecordId);
    }
}
