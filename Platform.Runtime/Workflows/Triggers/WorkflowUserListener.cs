using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Told of user changes inside the writing transaction: when a user is disabled, every published
/// workflow with a "user.disabled" trigger, in every app, queues its start in that same transaction,
/// so the work exists exactly when the user is disabled. The worker is woken after commit.
/// </summary>
public sealed class WorkflowUserListener(WorkflowCatalog catalog, UserDisabledTrigger trigger, WorkQueue queue,
    IExpressionEvaluator evaluator, TimeProvider clock, WorkSignal signal) : IUserChangeListener
{
    public async Task OnUserChangedAsync(UserChange change, WriteScope scope, CancellationToken ct)
    {
        if (!change.Disabled) return;
        var apps = await scope.Connection.QueryAsync<string>(new CommandDefinition($"SELECT DISTINCT app FROM {WorkflowTables.Definitions} WHERE status = @published", new { published = "published" }, scope.Transaction, cancellationToken: ct));
        var context = new TriggerContext(scope, queue, evaluator, clock.GetUtcNow(), ct);
        foreach (var app in apps)
            foreach (var workflow in await catalog.ForAppAsync(app, ct))
                if (workflow.Definition.TriggerType == trigger.Type && trigger.Matches(workflow, change.After, evaluator))
                    await context.EnqueueStartAsync(workflow, UserDisabledTrigger.Input(change.After), correlation: change.After.Id);
        if (context.WakeWorker) scope.AfterCommit(signal.Notify);
    }
}
