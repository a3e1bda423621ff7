using System.Collections.Concurrent;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>
/// The callers of recent requests, so a request does not read its user and roles again (the API
/// resolves a caller on every request). An entry is dropped when its user changes (told as an
/// <see cref="IUserChangeListener"/>: disabled, moved, renamed…) or their role memberships change,
/// both right away and again after the change commits, so the next request reads the new state.
/// Entries also expire after <see cref="MaxAge"/>, which bounds how long a change made through
/// another node of a cluster goes unseen here.
/// </summary>
public sealed class CallerCache(TimeProvider clock) : IUserChangeListener
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private sealed record Entry(Caller? Caller, DateTimeOffset ReadAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Bumped by every change: a read that started before a change must not store what it read.
    private long _generation;

    /// <summary>The user's caller (null when missing or disabled), read with <paramref name="load"/> when not cached.</summary>
    public async Task<Caller?> GetAsync(string userId, Func<string, CancellationToken, Task<Caller?>> load, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(userId, out var e) && now - e.ReadAt < MaxAge) return e.Caller;
        var generation = Interlocked.Read(ref _generation);
        var caller = await load(userId, ct);
        if (Interlocked.Read(ref _generation) == generation) _entries[userId] = new Entry(caller, now);
        return caller;
    }

    /// <summary>Forgets one user (their account or roles changed).</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(userId, out _);
    }

    /// <summary>Forgets everyone (e.g. roles removed from an app).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public Task OnUserChangedAsync(UserChange change, WriteScope scope, CancellationToken ct)
    {
        Forget(change.After.Id);
        scope.AfterCommit(() => Forget(change.After.Id));
        return Task.CompletedTask;
    }
}
