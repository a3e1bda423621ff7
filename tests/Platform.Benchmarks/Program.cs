// build/bench <name> runs build/benchmarks/<name>.sh, which runs this program with the benchmark's name.
// Add a benchmark: one file with a static Run(string[] args) method, one line in the table below.
var benchmarks = new Dictionary<string, Action<string[]>>
{
    ["expressions"] = Platform.Benchmarks.ExpressionBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Platform.Benchmarks <{string.Join("|", benchmarks.Keys)}> [args]");
    return 2;
}
run(args[1..]);
return 0;
