namespace RecordsBench;

/// <summary>Sizes of the benchmark, from the environment so a quick run can shrink them.</summary>
public sealed record BenchSettings(int Rows, int Creates, int ImportRows, int Runs, IReadOnlyList<string> Databases, string? PostgresConnection,
    string? Only = null)
{
    /// <summary>Whether the part runs: all of them, or only the one LOWCODE_BENCH_ONLY names.</summary>
    public bool Includes(string part) => Only is null || Only == part;

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
            // LOWCODE_BENCH_ONLY=creates or import: that part alone (a quick run while tuning one write path).
            Environment.GetEnvironmentVariable("LOWCODE_BENCH_ONLY") switch
            {
                null or "" => null,
                "creates" or "import" => Environment.GetEnvironmentVariable("LOWCODE_BENCH_ONLY"),
                var other => throw new ArgumentException($"LOWCODE_BENCH_ONLY is creates or import, not '{other}'."),
            });
    }
}
