using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// One kind of trigger ("type" of a definition's trigger). It checks its settings at publish, may
/// arm timers when a version is published, reacts to record changes inside the writing transaction,
/// and turns its own timer work into the input of a new instance.
/// </summary>
public interface IWorkflowTrigger
{
    string Type { get; }

    void Validate(JsonObject trigger, IDictionary<string, string[]> errors) { }

    Task OnPublishedAsync(TriggerContext context, PublishedWorkflow workflow) => Task.CompletedTask;

    Task OnRecordChangedAsync(TriggerContext context, PublishedWorkflow workflow, RecordChange change) => Task.CompletedTask;

    /// <summary>Timer work armed by this trigger came due: the trigger input of the instance to start, or null for none.</summary>
    Task<JsonObject?> OnTimerAsync(TriggerContext context, PublishedWorkflow workflow, JsonObject payload) => Task.FromResult<JsonObject?>(null);
}
