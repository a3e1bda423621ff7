using System.Collections.Concurrent;

namespace Platform.Runtime.Data;

/// <summary>
/// Counts the committed changes, made in this process, to the definitions that permissions are derived
/// from: app packages (roles, models) and the department tree. One count per database, shared by every
/// store of it. A cache keeps what it computed with the count read before computing and reuses it only
/// while the count is unchanged, so a change made here counts from the next request on. Changes made by
/// other processes on the same database are not counted: caches bound those by an age limit.
/// </summary>
public sealed class DefinitionChanges
{
    private static readonly ConcurrentDictionary<string, DefinitionChanges> ByDatabase = new(StringComparer.Ordinal);

    private long _count;

    public static DefinitionChanges Of(Database db) => ByDatabase.GetOrAdd(db.ConnectionString, _ => new DefinitionChanges());

    public long Count => Interlocked.Read(ref _count);

    public void Changed() => Interlocked.Increment(ref _count);
}
