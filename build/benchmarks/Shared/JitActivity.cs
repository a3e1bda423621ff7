namespace Benchmarks;

/// <summary>
/// How busy a process's tiered JIT is, read from /proc: benchmarks warm up until it goes quiet, so they compare
/// steady states. A fresh .NET process keeps promoting hot methods for several thousand requests, getting about
/// twice as fast meanwhile, and the JIT can pause for a few rounds in between.
/// </summary>
public static class JitActivity
{
    /// <summary>
    /// CPU ticks (10 ms) of the tiered-compilation threads by thread id, or null without /proc. The runtime ends
    /// that thread when it is idle and starts a new one for the next batch, so ticks are kept per thread.
    /// </summary>
    public static Dictionary<string, long>? Ticks(int pid)
    {
        try
        {
            var ticks = new Dictionary<string, long>();
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal)) continue;
                    // utime and stime are fields 14 and 15; the command (field 2) is in parentheses and may hold spaces.
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks[Path.GetFileName(task)] = long.Parse(fields[11]) + long.Parse(fields[12]);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { } // the thread ended meanwhile
            }
            return ticks;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Ticks the JIT threads used between two readings; a thread that started meanwhile counts whole.</summary>
    public static long Since(Dictionary<string, long> before, Dictionary<string, long> now) =>
        now.Sum(t => t.Value - before.GetValueOrDefault(t.Key)) + now.Keys.Count(k => !before.ContainsKey(k));
}
