using System.Collections.Concurrent;

namespace Platform.Runtime.Expressions;

/// <summary>Parsed expressions by source and variable names, shared by all engines and threads.</summary>
internal sealed class PreparedExpressionCache(int capacity)
{
    private readonly ConcurrentDictionary<string, PreparedExpression> _entries = new(StringComparer.Ordinal);

    public PreparedExpression GetOrAdd(string source, IReadOnlyList<string> parameters, Func<PreparedExpression> prepare)
    {
        var key = parameters.Count == 0 ? source : string.Join(",", parameters) + "\n" + source;
        if (_entries.TryGetValue(key, out var found)) return found;
        // Unbounded growth would be a memory leak fed by user input: start over when full.
        if (_entries.Count >= capacity) _entries.Clear();
        return _entries.GetOrAdd(key, _ => prepare());
    }
}
