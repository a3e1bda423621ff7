using System.Collections.Concurrent;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>
/// The access of recent callers to each model, so a request does not read the app's version and the
/// department tree and combine the roles again (the records engine asks on every request). An entry is
/// reused only for the same caller facts (department, roles), while no app package or department was
/// changed in this process since it was computed (<see cref="DefinitionChanges"/>), and for at most
/// <see cref="MaxAge"/>, which bounds how long a change made through another node goes unseen here
/// (the same bound as <see cref="CallerCache"/> has for users and role memberships).
/// </summary>
public sealed class ModelAccessCache(DefinitionChanges changes, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = CallerCache.MaxAge;

    // Far above users × models of a real installation; past it the cache starts over rather than grow.
    private const int MaxEntries = 50_000;

    private sealed record Entry(Caller Caller, long Changes, DateTimeOffset ComputedAt, ModelAccess Access);

    private readonly ConcurrentDictionary<(string User, string App, string Model), Entry> _entries = new();

    public async Task<ModelAccess> GetAsync(Caller caller, string app, string model, Func<Task<ModelAccess>> compute)
    {
        var key = (caller.UserId, app, model);
        var now = clock.GetUtcNow();
        // Read before computing: a change committed meanwhile makes the entry stale at once.
        var count = changes.Count;
        if (_entries.TryGetValue(key, out var e) && e.Changes == count && now - e.ComputedAt < MaxAge && SameFacts(e.Caller, caller))
            return e.Access;
        var access = await compute();
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[key] = new Entry(caller, count, now, access);
        return access;
    }

    /// <summary>Whether two callers of one user get the same access: everything access is derived from.</summary>
    private static bool SameFacts(Caller a, Caller b) =>
        ReferenceEquals(a, b) ||
        a.IsAdmin == b.IsAdmin && a.DepartmentId == b.DepartmentId && a.Roles.SequenceEqual(b.Roles, StringComparer.Ordinal);
}
