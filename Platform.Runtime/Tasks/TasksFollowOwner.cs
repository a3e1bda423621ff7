using Platform.Runtime.Data;

namespace Platform.Runtime.Tasks;

/// <summary>
/// When a record changes owner (a lead re-routed because its rep was disabled, a manual reassignment, a claim),
/// the open human tasks about it that the previous owner still had to do go to the new owner, as Salesforce
/// transfers open activities with a change of owner. A record released to nobody (the pool) withdraws the previous
/// owner's part instead: nobody owns the work until someone claims it, and the claim's workflows open new tasks.
/// Approvals stay with their approvers either way. Runs inside the owner change's transaction.
/// </summary>
public sealed class TasksFollowOwner(TaskStore tasks) : IRecordChangeListener
{
    public async Task OnChangedAsync(RecordChange change, WriteScope scope, CancellationToken ct)
    {
        if (change.Kind != RecordChangeKind.Updated) return;
        var from = change.Before?["owner"]?.GetValue<string>();
        var to = change.After?["owner"]?.GetValue<string>();
        if (from is null || from == to) return;
        if (to is null)
            await tasks.WithdrawOpenOfRecordAsync(scope, change.App, change.Model, change.RecordId, from,
                $"owner: {from} → nobody ({(change.Action == "release" ? "returned to the pool" : "owner cleared")})", change.At, ct);
        else
            await tasks.TransferOpenOfRecordAsync(scope, change.App, change.Model, change.RecordId, from, to, change.At, ct);
    }
}
