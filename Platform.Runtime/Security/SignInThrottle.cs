using System.Collections.Concurrent;

namespace Platform.Runtime.Security;

/// <summary>
/// Counts failed sign-ins per user name and per client address in a sliding window; once a key
/// reaches its limit further attempts are refused until the oldest failure leaves the window.
/// Kept in memory: each node limits on its own, which still bounds guessing to a small rate.
/// </summary>
public sealed class SignInThrottle(int maxPerUser, int maxPerAddress, TimeSpan window, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long to wait before the next attempt, or null when an attempt is allowed now.</summary>
    public TimeSpan? RetryAfter(string userName, string? address)
    {
        var now = time.GetUtcNow();
        var wait = new[] { Wait(UserKey(userName), maxPerUser, now), address is null ? null : Wait(AddressKey(address), maxPerAddress, now) }
            .Where(w => w is not null).Max();
        return wait;
    }

    public void RecordFailure(string userName, string? address)
    {
        var now = time.GetUtcNow();
        if (_failures.Count > 100_000) Prune(now);
        Add(UserKey(userName), now);
        if (address is not null) Add(AddressKey(address), now);
    }

    /// <summary>A successful sign-in clears the user's failures (not the address's).</summary>
    public void RecordSuccess(string userName) => _failures.TryRemove(UserKey(userName), out _);

    private TimeSpan? Wait(string key, int max, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var q)) return null;
        lock (q)
        {
            while (q.Count > 0 && q.Peek() <= now - window) q.Dequeue();
            if (q.Count < max) return null;
            // The (count - max + 1)-th oldest failure must leave the window before one more try.
            var release = q.ElementAt(q.Count - max) + window;
            return release - now;
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        var q = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (q) q.Enqueue(now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, q) in _failures)
            lock (q)
                if (q.Count == 0 || q.Last() <= now - window) _failures.TryRemove(key, out _);
    }

    private static string UserKey(string userName) => "u:" + userName.Trim().ToLowerInvariant();
    private static string AddressKey(string address) => "a:" + address;
}
