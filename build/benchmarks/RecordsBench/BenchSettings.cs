namespace RecordsBench;

/// <summary>Sizes of the benchmark, from the environment so a quick run can shrink them.</summary>
public sealed record BenchSettings(int Rows, int Creates, int ImportRows, int Runs, IReadOnlyList<string> Databases, string? PostgresConnection,
    bool CreatesOnly = false)
{
    public static BenchSettings FromEnvironment(string[] args)
    {
        static int Int(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name)?.Replace("_", ""), out var v) && v > 0 ? v : fallback;
        var dbs = (args.Length > 0 ? string.Join(",", args) : Environment.GetEnvironmentVariable("LOWCODE_BENCH_DB") ?? "sqlite,postgres")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new BenchSettings(
            Int("LOWCODE_BENCH_ROWS", 1_000_000),
            Int("LOWCODE_BENCH_CREATES", 2_000),
            Int("LOWCODE_BENCH_IMPORT_ROWS", 20_000),
            Int("LOWCODE_BENCH_RUNS", 40),
            dbs,
            Environment.GetEnvironmentVariable("LOWCODE_BENCH_POSTGRES") is { Length: > 0 } pg ? pg : null,
            // LOWCODE_BENCH_ONLY=creates: the creates part alone (a quick run while tuning the create path).
            Environment.GetEnvironmentVariable("LOWCODE_BENCH_ONLY") == "creates");
    }
}
