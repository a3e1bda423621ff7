using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Definitions;

/// <summary>
/// The published workflows held in memory, so a record change finds its triggers without a query.
/// Reloaded when this node publishes and when the published fingerprint changes (another node published).
/// </summary>
public sealed class WorkflowCatalog(WorkflowDefinitionStore store)
{
    private volatile IReadOnlyDictionary<string, IReadOnlyList<PublishedWorkflow>>? _byApp;
    private string? _fingerprint;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async Task<IReadOnlyList<PublishedWorkflow>> ForAppAsync(string app, CancellationToken ct = default)
    {
        var byApp = _byApp ?? await LoadAsync(ct);
        return byApp.TryGetValue(app, out var list) ? list : [];
    }

    public async Task<PublishedWorkflow?> FindAsync(string app, string key, CancellationToken ct = default) =>
        (await ForAppAsync(app, ct)).FirstOrDefault(w => w.Key == key);

    public void Invalidate() => _byApp = null;

    /// <summary>Polled by the worker: reloads when another node published.</summary>
    public async Task RefreshIfChangedAsync(CancellationToken ct = default)
    {
        var fingerprint = await store.PublishedFingerprintAsync(ct);
        if (fingerprint != _fingerprint) Invalidate();
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<PublishedWorkflow>>> LoadAsync(CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            if (_byApp is { } loaded) return loaded;
            var fingerprint = await store.PublishedFingerprintAsync(ct);
            var all = await store.AllPublishedAsync(ct);
            var byApp = all.GroupBy(w => w.App).ToDictionary(g => g.Key, g => (IReadOnlyList<PublishedWorkflow>)g.ToList());
            _fingerprint = fingerprint;
            _byApp = byApp;
            return byApp;
        }
        finally { _loading.Release(); }
    }
}
