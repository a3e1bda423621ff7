using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Called by the record store inside the writing transaction: each published workflow of the app
/// whose trigger reacts to record changes queues its start (or arms its timer) in that same
/// transaction, so the work exists exactly when the change does. The worker is woken after commit.
/// </summary>
public sealed class WorkflowRecordListener(WorkflowCatalog catalog, TriggerRegistry triggers, WorkQueue queue,
    IExpressionEvaluator evaluator, TimeProvider clock, WorkSignal signal) : IRecordChangeListener
{
    public async Task OnChangedAsync(RecordChange change, WriteScope scope, CancellationToken ct)
    {
        var workflows = await catalog.ForAppAsync(change.App, ct);
        if (workflows.Count == 0) return;
        var context = new TriggerContext(scope, queue, evaluator, clock.GetUtcNow(), ct);
        var origin = WorkflowOrigin.Current;
        foreach (var workflow in workflows)
        {
            if (workflow.Definition.Trigger["model"]?.GetValue<string>() != change.Model || triggers.Find(workflow.Definition.TriggerType) is not { } trigger) continue;
            // A workflow's own record writes never start that workflow again: that would feed itself forever.
            if (origin is not null && origin.App == workflow.App && origin.WorkflowKey == workflow.Key)
            {
                origin.Notes.Add($"its own change of {change.Model} {change.RecordId} does not trigger '{workflow.Key}' again");
                continue;
            }
            await trigger.OnRecordChangedAsync(context, workflow, change);
        }
        if (context.WakeWorker) scope.AfterCommit(signal.Notify);
    }
}
