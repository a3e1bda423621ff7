namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// Wakes the local worker as soon as work is committed (a record-triggered start runs within
/// milliseconds instead of waiting for the next poll). Other nodes find the work by polling.
/// </summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _gate = new(0, 1);

    public void Notify()
    {
        // Already signalled is the common case under load: check first, a thrown exception costs more than the write it follows.
        if (_gate.CurrentCount > 0) return;
        try { _gate.Release(); } catch (SemaphoreFullException) { /* signalled in between */ }
    }

    /// <summary>True when signalled, false when the timeout passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _gate.WaitAsync(timeout, ct);
}
