// Records benchmark (issue 3, scoped run of issue 4): for SQLite and PostgreSQL, the real platform
// (Platform.Api on Kestrel, a separate process, signed-in non-admin client) beside a raw Dapper
// baseline doing the same work on the same table in the same run:
//   creates/s through HTTP with 1 and 8 clients (baseline: a bare endpoint doing the same two inserts),
//   CSV import rows/s (baseline: raw bulk insert of the same rows and audit rows),
//   median/p95 of a filtered, sorted 50-row page and of a group-by count over LOWCODE_BENCH_ROWS rows
//   (default 1,000,000; baseline: the same SQL in Dapper), and the same page/count for a user whose
//   row scope is "department and below" against the unscoped figures.
// Environment: LOWCODE_BENCH_ROWS, LOWCODE_BENCH_CREATES, LOWCODE_BENCH_IMPORT_ROWS, LOWCODE_BENCH_RUNS,
// LOWCODE_BENCH_DB (sqlite,postgres), LOWCODE_BENCH_POSTGRES (connection string from build/postgres),
// LOWCODE_BENCH_ONLY=creates or import (that part alone).
using System.Diagnostics;
using System.Globalization;
using RecordsBench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is [BareServer.Command, ..]) return await BareServer.RunAsync(args);
var settings = BenchSettings.FromEnvironment(args);
Console.WriteLine($"records benchmark: {settings.Rows:N0} rows, {settings.Creates:N0} creates per run, {settings.ImportRows:N0}-row import, " +
                  $"{settings.Runs} query runs; {Environment.ProcessorCount} cores (client, platform and baseline share them)");
var failed = false;
foreach (var provider in settings.Databases)
{
    if (provider == "postgres" && settings.PostgresConnection is null)
    {
        Console.WriteLine("\npostgres: skipped (set LOWCODE_BENCH_POSTGRES; build/bench records does it from build/postgres)");
        continue;
    }
    var sw = Stopwatch.StartNew();
    await using var run = await BenchRun.StartAsync(provider, settings);
    var report = await run.ExecuteAsync();
    report.Print(Console.Out);
    Console.WriteLine($"({provider} run took {sw.Elapsed.TotalSeconds:F0} s)");
    failed |= report.Errors > 0;
}
return failed ? 1 : 0;
