namespace Platform.Runtime.Data;

/// <summary>
/// Told of every record change inside the writing transaction, before commit, so that what it
/// writes (audit rows, workflow work items, outbox messages) commits or rolls back with the change.
/// </summary>
public interface IRecordChangeListener
{
    Task OnChangedAsync(RecordChange change, WriteScope scope, CancellationToken ct);
}
