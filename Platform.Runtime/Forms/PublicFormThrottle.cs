using System.Collections.Concurrent;

namespace Platform.Runtime.Forms;

/// <summary>
/// Limits submissions to a public form per client address in a sliding minute (the form's
/// "perMinute"). Every attempt counts, refused ones too, so probing for fields is bounded as well.
/// Kept in memory: each node limits on its own.
/// </summary>
public sealed class PublicFormThrottle(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _attempts = new(StringComparer.Ordinal);

    /// <summary>Counts an attempt; returns how long to wait when the limit is reached (the attempt is then not counted).</summary>
    public TimeSpan? TryAttempt(string app, string form, string? address, int perMinute)
    {
        var now = time.GetUtcNow();
        if (_attempts.Count > 100_000) Prune(now);
        var q = _attempts.GetOrAdd($"{app}/{form}/{address ?? "-"}", _ => new Queue<DateTimeOffset>());
        lock (q)
        {
            while (q.Count > 0 && q.Peek() <= now - Window) q.Dequeue();
            if (q.Count >= perMinute) return q.ElementAt(q.Count - perMinute) + Window - now;
            q.Enqueue(now);
            return null;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, q) in _attempts)
            lock (q)
                if (q.Count == 0 || q.Last() <= now - Window) _attempts.TryRemove(key, out _);
    }
}
