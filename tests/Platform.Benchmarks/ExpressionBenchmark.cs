using Jint;
using Platform.Runtime.Expressions;

namespace Platform.Benchmarks;

/// <summary>
/// A prepared condition over a record with 30 fields (target: median &lt;= 5 µs), beside baselines from
/// the same run: the same condition as a compiled C# lambda, and Jint parsing the text every time.
/// Then throughput with 1 and 2 threads sharing the evaluator (pooled engines, shared prepared script).
/// </summary>
public static class ExpressionBenchmark
{
    private const string Condition = "record.amount > 1000 && record.status === 'open' && record.region !== 'north'";

    public static void Run(string[] args)
    {
        var record = new Dictionary<string, object?>();
        for (var i = 0; i < 30; i++)
            record[$"field{i}"] = (i % 3) switch { 0 => $"text {i}", 1 => (object)(i * 10.5m), _ => new DateTimeOffset(2025, 9, 24, 10, 0, 0, TimeSpan.FromHours(8)) };
        record["amount"] = 1200.5m;
        record["status"] = "open";
        record["region"] = "south";
        while (record.Count > 30) record.Remove(record.Keys.First(k => k.StartsWith("field")));
        var variables = new Dictionary<string, object?> { ["record"] = record };
        var now = DateTimeOffset.UtcNow;

        var evaluator = new JintExpressionEvaluator();
        var prepared = evaluator.Prepare(Condition, ["record"]);
        object?[] values = [record];
        if (prepared.Evaluate(values, now) is not true) throw new InvalidOperationException("the condition should hold");

        Func<IReadOnlyDictionary<string, object?>, bool> lambda = r =>
            Convert.ToDouble(r["amount"]) > 1000 && (string?)r["status"] == "open" && (string?)r["region"] != "north";
        var unprepared = new Engine(o => o.Strict());

        Console.WriteLine($"expressions: condition `{Condition}` over a record of {record.Count} fields");
        Console.WriteLine($"{"case",-52} {"median",12}");
        var preparedNs = Measure.MedianNanoseconds(() => prepared.Evaluate(values, now), 2_000, 41);
        Report("prepared (PreparedExpression.Evaluate)", preparedNs, "target <= 5 µs");
        Report("by text (IExpressionEvaluator.Evaluate, cached)", Measure.MedianNanoseconds(() => evaluator.Evaluate(Condition, variables, now), 2_000, 21), "");
        Report("baseline: compiled C# lambda", Measure.MedianNanoseconds(() => lambda(record), 20_000, 21), "");
        Report("baseline: Jint parsing the text each time", Measure.MedianNanoseconds(() =>
        {
            unprepared.SetValue("record", new Jint.Native.JsObject(unprepared));
            unprepared.Evaluate("var r = { amount: 1200.5, status: 'open', region: 'south' }; " + Condition.Replace("record.", "r."));
        }, 200, 21), "");

        var one = Measure.Throughput(() => prepared.Evaluate(values, now), 1, TimeSpan.FromSeconds(2));
        var two = Measure.Throughput(() => prepared.Evaluate(values, now), 2, TimeSpan.FromSeconds(2));
        Console.WriteLine($"throughput, 1 thread:  {one,12:N0} evaluations/s");
        Console.WriteLine($"throughput, 2 threads: {two,12:N0} evaluations/s  ({two / one:0.00}x; {Environment.ProcessorCount} cores, shared with other work)");
        Console.WriteLine(preparedNs <= 5_000 ? "PASS: prepared median within 5 µs" : "MISS: prepared median above 5 µs");
    }

    private static void Report(string name, double ns, string note) =>
        Console.WriteLine($"{name,-52} {ns / 1000,9:0.000} µs  {note}");
}
