using System.Diagnostics;

namespace Platform.Benchmarks;

/// <summary>Stopwatch loops: the median per-operation time over batches, after a warm-up.</summary>
public static class Measure
{
    public static double MedianNanoseconds(Action operation, int batchSize, int batches)
    {
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 300) for (var i = 0; i < batchSize; i++) operation();
        var samples = new double[batches];
        for (var b = 0; b < batches; b++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < batchSize; i++) operation();
            samples[b] = sw.Elapsed.TotalNanoseconds / batchSize;
        }
        Array.Sort(samples);
        return samples[batches / 2];
    }

    /// <summary>Operations per second with <paramref name="threads"/> threads running for <paramref name="duration"/>.</summary>
    public static double Throughput(Action operation, int threads, TimeSpan duration)
    {
        long total = 0;
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            var sw = Stopwatch.StartNew();
            long n = 0;
            while (sw.Elapsed < duration)
            {
                for (var i = 0; i < 100; i++) operation();
                n += 100;
            }
            Interlocked.Add(ref total, n);
        })).ToList();
        var clock = Stopwatch.StartNew();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return total / clock.Elapsed.TotalSeconds;
    }
}
