using Platform.Runtime.Data;

namespace Platform.Runtime.Tasks;

/// <summary>
/// When a record changes owner (a lead re-routed because its rep was disabled, a manual reassignment, a claim),
/// the open human tasks about it that the previous owner still had to do go to the new owner, as Salesforce
/// transfers open activities with a change of owner. Approvals stay with their approvers, and a record released
/// to the pool (no new owner) leaves its tasks where they are. Runs inside the owner change's transaction.
/// </summary>
public sealed class TasksFollowOwner(TaskStore tasks) : IRecordChangeListener
{
    public async Task OnChangedAsync(RecordChange change, WriteScope scope, CancellationToken ct)
    {
        if (change.Kind != RecordChangeKind.Updated) return;
        var from = change.Before?["owner"]?.GetValue<string>();
        var to = change.After?["owner"]?.GetValue<string>();
        if (from is null || to is null || from == to) return;
        await tasks.TransferOpenOfRecordAsync(scope, change.App, change.Model, change.RecordId, from, to, change.At, ct);
    }
}
