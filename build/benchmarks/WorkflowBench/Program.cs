// Trigger → first step latency after a record create on SQLite, and create throughput with one
// record-triggered workflow, each beside a baseline measured in the same run (the same create
// transaction without any workflow). Cases after NocoBase's workflow benchmarks: 1 node,
// a 100-node loop, 100 creates in a loop.
using System.Diagnostics;
using System.Text.Json.Nodes;
using Benchmarks;
using Dapper;
using Microsoft.Data.Sqlite;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using ActivityContext = Platform.Runtime.Workflows.Engine.ActivityContext;

var dir = Path.Combine(Path.GetTempPath(), "lowcode-bench", Guid.NewGuid().ToString("N"));
var db = Database.Sqlite(Path.Combine(dir, "bench.db"));
await SystemSchema.EnsureAsync(db);
await new AppStore(db).ImportAsync(new JsonObject { ["key"] = "bench", ["name"] = "Bench" }, null);
await using (var s = await db.BeginWriteAsync())
{
    await s.Connection.ExecuteAsync("CREATE TABLE lead (id TEXT PRIMARY KEY, name TEXT, amount NUMERIC, created_at TEXT)", transaction: s.Transaction);
    await s.Connection.ExecuteAsync("CREATE TABLE lead_audit (id TEXT PRIMARY KEY, record_id TEXT, after TEXT, at TEXT)", transaction: s.Transaction);
    await s.CommitAsync();
}

var probe = new Probe();
var runtime = WorkflowRuntime.Create(db, new JintExpressionEvaluator(), TimeProvider.System, new HttpClient(), extraActivities: [probe]);
using var stop = new CancellationTokenSource();
var runner = runtime.NewRunner("bench-node");
var paused = false; // the decomposition cases hold the worker back to measure the create path alone
var worker = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            if (Volatile.Read(ref paused)) { await Task.Delay(1, stop.Token); continue; }
            if (await runner.RunOnceAsync(stop.Token) > 0) continue;
            await runtime.Signal.WaitAsync(TimeSpan.FromMilliseconds(500), stop.Token);
        }
        catch (OperationCanceledException) { return; }
    }
});

async Task Publish(string json)
{
    var d = (JsonObject)JsonNode.Parse(json)!;
    await runtime.Definitions.SaveDraftAsync("bench", d);
    await runtime.Publisher.PublishAsync("bench", d["key"]!.GetValue<string>());
}

// One record create as the record store will do it: row + audit row, listeners inside the transaction.
async Task Create(string model, IRecordChangeListener? listener)
{
    var id = Guid.CreateVersion7().ToString();
    var after = new JsonObject { ["name"] = "线索 " + id[^4..], ["amount"] = 1000 };
    await using var scope = await db.BeginWriteAsync();
    await scope.Connection.ExecuteAsync("INSERT INTO lead (id, name, amount, created_at) VALUES (@id, @name, 1000, @now)",
        new { id, name = after["name"]!.GetValue<string>(), now = DateTimeOffset.UtcNow }, scope.Transaction);
    await scope.Connection.ExecuteAsync("INSERT INTO lead_audit (id, record_id, after, at) VALUES (@a, @id, @after, @now)",
        new { a = Guid.CreateVersion7().ToString(), id, after = after.ToJsonString(), now = DateTimeOffset.UtcNow }, scope.Transaction);
    if (listener is not null)
        await listener.OnChangedAsync(new RecordChange("bench", model, id, RecordChangeKind.Created, null, after, Caller.System, DateTimeOffset.UtcNow), scope, default);
    await scope.CommitAsync();
}

await Publish("""{ "key": "one", "name": "1 node", "trigger": { "type": "record.created", "model": "lead" }, "activities": [ { "id": "p", "type": "probe" } ] }""");
await Publish("""
{ "key": "loop", "name": "100-node loop", "trigger": { "type": "record.created", "model": "lead100" }, "variables": { "n": 0 },
  "activities": [ { "id": "p", "type": "probe" },
    { "id": "each", "type": "forEach", "properties": { "items": { "expr": "Array.from({length: 100}, (_, i) => i)" } } },
    { "id": "add", "type": "setVariable", "properties": { "name": "n", "value": 1 } },
    { "id": "end", "type": "probe", "properties": { "final": true } } ],
  "connections": [ { "source": "p", "outcome": "Done", "target": "each" }, { "source": "each", "outcome": "Iterate", "target": "add" },
                   { "source": "add", "outcome": "Done", "target": "each" }, { "source": "each", "outcome": "Done", "target": "end" } ] }
""");

// Warm-up until the JIT has settled (see JitActivity): rounds of creates without and with the workflow in turn, the
// worker running the starts, until the tiered JIT used no tick in three rounds in a row; at least 30 rounds, at most 200.
async Task WarmUp(string name, Func<Task> without, Func<Task> with, Func<Task> drained)
{
    var clock = Stopwatch.StartNew();
    var (rounds, quiet, jit) = (0, 0, JitActivity.Ticks(Environment.ProcessId));
    while (rounds < 200 && (rounds < 30 || quiet < 3))
    {
        for (var i = 0; i < 50; i++) await without();
        for (var i = 0; i < 50; i++) await with();
        await drained();
        var now = JitActivity.Ticks(Environment.ProcessId);
        quiet = jit is null || now is null || JitActivity.Since(jit, now) == 0 ? quiet + 1 : 0;
        (jit, rounds) = (now, rounds + 1);
    }
    Console.WriteLine($"{name} warmed up: {rounds * 100:N0} creates in {clock.Elapsed.TotalSeconds:F1} s");
}
await WarmUp("create path", () => Create("none", null), () => Create("lead", runtime.RecordListener), Drained);

const int warmup = 30, runs = 200;
// Baseline: creates without a workflow.
for (var i = 0; i < warmup; i++) await Create("none", null);
var baseline = new List<double>();
for (var i = 0; i < runs; i++) { var sw = Stopwatch.StartNew(); await Create("none", null); baseline.Add(sw.Elapsed.TotalMilliseconds); }

// 1 node: time from the start of the create to the first step running on the worker.
var latency = new List<double>();
for (var i = 0; i < warmup + runs; i++)
{
    var started = Stopwatch.GetTimestamp();
    var first = probe.Next();
    await Create("lead", runtime.RecordListener);
    var ranAt = await first;
    if (i >= warmup) latency.Add(Stopwatch.GetElapsedTime(started, ranAt).TotalMilliseconds);
}

// 100-node loop: create → first step, and create → loop finished.
var loopFirst = new List<double>(); var loopDone = new List<double>();
for (var i = 0; i < 25; i++)
{
    var started = Stopwatch.GetTimestamp();
    var first = probe.Next(); var final = probe.NextFinal();
    await Create("lead100", runtime.RecordListener);
    var f = await first; var d = await final;
    if (i >= 5) { loopFirst.Add(Stopwatch.GetElapsedTime(started, f).TotalMilliseconds); loopDone.Add(Stopwatch.GetElapsedTime(started, d).TotalMilliseconds); }
}

// 100-create loop: 100 creates back to back, each starting the 1-node workflow; beside 100 creates without.
// Repeated in alternating rounds (the machine is shared), each from an idle queue: the figure is the median round.
var rounds = new List<(double Base, double With, double All)>();
for (var r = 0; r < 15; r++)
{
    var sw100 = Stopwatch.StartNew();
    for (var i = 0; i < 100; i++) await Create("none", null);
    var base100 = sw100.Elapsed.TotalMilliseconds;
    probe.Count = 0;
    sw100.Restart();
    for (var i = 0; i < 100; i++) await Create("lead", runtime.RecordListener);
    var with100 = sw100.Elapsed.TotalMilliseconds;
    while (probe.Count < 100) await Task.Delay(1);
    rounds.Add((base100, with100, sw100.Elapsed.TotalMilliseconds));
    // Each round starts idle: the worker's tail of this round (completing the instances) would otherwise fall into the next round's creates.
    await Drained();
}

// Where the time goes: the create path alone (worker held back), then the worker alone on the backlog it left.
// Beside the time, the process's CPU time per create: on a shared machine it varies less than the clock.
// Rounds of 100 creates without and with the trigger, the worker held back (the caller lets it go again): ms and CPU ms per round.
async Task<(List<double> Base, List<double> With, List<double> CpuBase, List<double> CpuWith)> HeldBack(Func<Task> without, Func<Task> with, int rounds)
{
    var result = (Base: new List<double>(), With: new List<double>(), CpuBase: new List<double>(), CpuWith: new List<double>());
    Volatile.Write(ref paused, true);
    await Task.Delay(20);
    for (var r = 0; r < rounds; r++)
    {
        foreach (var (create, time, cpuTime) in new[] { (without, result.Base, result.CpuBase), (with, result.With, result.CpuWith) })
        {
            var cpu = Cpu();
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++) await create();
            time.Add(sw.Elapsed.TotalMilliseconds);
            cpuTime.Add(Cpu() - cpu);
        }
    }
    return result;
}
var (listenerBase, listenerWith, cpuBase, cpuWith) = await HeldBack(() => Create("none", null), () => Create("lead", runtime.RecordListener), 5);
probe.Count = 0;
var drain = Stopwatch.StartNew();
Volatile.Write(ref paused, false);
runtime.Signal.Notify();
while (probe.Count < 500) await Task.Delay(1);
var drainMs = drain.Elapsed.TotalMilliseconds;

// WAL pages (frames) written per create: every page a transaction changes is one frame at commit, so this is the
// write volume SQLite pays per create. Counted by SQLite itself on the writer's connection, which every write uses
// (SQLITE_DBSTATUS_CACHE_WRITE): the background checkpoints, which restart the log now and then, do not disturb it.
async Task<long> PagesWritten()
{
    await using var s = await db.BeginWriteAsync();
    SQLitePCL.raw.sqlite3_db_status(((SqliteConnection)s.Connection).Handle, 9 /* SQLITE_DBSTATUS_CACHE_WRITE */, out var pages, out _, 0);
    return pages;
}
async Task Drained()
{
    while (true)
    {
        await using var c = await db.OpenAsync();
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM lc_wf_work") == 0) return;
        await Task.Delay(1);
    }
}
// Pages per create of one block: creates only, or creates and then the worker's runs of their starts.
async Task<(double Creates, double Worker)> WalPerCreate(Func<Task> create, bool workflow)
{
    const int block = 50;
    Volatile.Write(ref paused, true);
    await Task.Delay(5);
    var start = await PagesWritten();
    for (var i = 0; i < block; i++) await create();
    var created = await PagesWritten();
    Volatile.Write(ref paused, false);
    if (!workflow) return ((created - start) / (double)block, 0);
    runtime.Signal.Notify();
    await Drained();
    return ((created - start) / (double)block, (await PagesWritten() - created) / (double)block);
}
// The same with the worker running beside the creates, as in the 100-create loop (it runs the starts in smaller batches).
async Task<double> WalInterleaved(Func<Task> create)
{
    const int block = 50;
    var start = await PagesWritten();
    for (var i = 0; i < block; i++) await create();
    await Drained();
    return (await PagesWritten() - start) / (double)block;
}
var walBase = new List<double>(); var walWith = new List<(double Creates, double Worker)>(); var walInterleaved = new List<double>();
for (var r = 0; r < 5; r++)
{
    walBase.Add((await WalPerCreate(() => Create("none", null), false)).Creates);
    walWith.Add(await WalPerCreate(() => Create("lead", runtime.RecordListener), true));
    walInterleaved.Add(await WalInterleaved(() => Create("lead", runtime.RecordListener)));
}

// The same through the record store itself (access check, validation, defaults, audit log, listeners), on a model of an imported app:
// creates/s and WAL pages without and with the record-triggered workflow, in alternating rounds.
await new AppStore(db).ImportAsync((JsonObject)JsonNode.Parse("""
{ "key": "rs", "name": "Record store", "models": [ { "key": "lead", "name": "Lead",
  "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "decimal" } ] } ] }
""")!, null);
var rsDefinition = (JsonObject)JsonNode.Parse("""{ "key": "rs-one", "name": "1 node", "trigger": { "type": "record.created", "model": "lead" }, "activities": [ { "id": "p", "type": "probe" } ] }""")!;
await runtime.Definitions.SaveDraftAsync("rs", rsDefinition);
await runtime.Publisher.PublishAsync("rs", "rs-one");
var models = new ModelCatalog(db);
var storeWithout = new RecordStore(db, models, new AdminOnlyAccessPolicy(), new AuditLog(db), []);
var storeWith = new RecordStore(db, models, new AdminOnlyAccessPolicy(), new AuditLog(db), [runtime.RecordListener]);
Task StoreCreate(RecordStore store) => store.CreateAsync(Caller.System, "rs", "lead", new JsonObject { ["name"] = "线索", ["amount"] = 1000 });
await WarmUp("record store", () => StoreCreate(storeWithout), () => StoreCreate(storeWith), Drained);
await Drained();
// The 100-create loop of the target: the platform's own create, 100 back to back without and with the workflow, 30 alternating rounds.
var storeRounds = new List<(double Base, double With, double All)>();
for (var r = 0; r < 30; r++)
{
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < 100; i++) await StoreCreate(storeWithout);
    var b = sw.Elapsed.TotalMilliseconds;
    probe.Count = 0;
    sw.Restart();
    for (var i = 0; i < 100; i++) await StoreCreate(storeWith);
    var w = sw.Elapsed.TotalMilliseconds;
    while (probe.Count < 100) await Task.Delay(1);
    storeRounds.Add((b, w, sw.Elapsed.TotalMilliseconds));
    await Drained();
}
// The record store's create path alone (worker held back): what the trigger adds inside the create itself.
var (storeAloneBase, storeAloneWith, _, _) = await HeldBack(() => StoreCreate(storeWithout), () => StoreCreate(storeWith), 10);
Volatile.Write(ref paused, false);
runtime.Signal.Notify();
await Drained();
var storeWalBase = new List<double>(); var storeWalWith = new List<(double Creates, double Worker)>();
for (var r = 0; r < 3; r++)
{
    storeWalBase.Add((await WalPerCreate(() => StoreCreate(storeWithout), false)).Creates);
    storeWalWith.Add(await WalPerCreate(() => StoreCreate(storeWith), true));
}

// Sustained: 1,000 creates with the workflow until every instance ran, beside 1,000 creates without.
// Beside the time, the process's CPU per create, the worker's share included (until the last instance ran).
var sCpu = Cpu();
var sustainedBase = Stopwatch.StartNew();
for (var i = 0; i < 1000; i++) await Create("none", null);
var sBase = sustainedBase.Elapsed.TotalMilliseconds;
var sCpuBase = Cpu() - sCpu;
probe.Count = 0;
sCpu = Cpu();
var sustained = Stopwatch.StartNew();
for (var i = 0; i < 1000; i++) await Create("lead", runtime.RecordListener);
var sCreates = sustained.Elapsed.TotalMilliseconds;
while (probe.Count < 1000) await Task.Delay(1);
var sAll = sustained.Elapsed.TotalMilliseconds;
await Drained();
var sCpuWith = Cpu() - sCpu;

stop.Cancel();
await worker;

static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
static double Median(List<double> v) { var s = v.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
static double P95(List<double> v) => v.Order().ElementAt((int)Math.Ceiling(v.Count * 0.95) - 1);
Console.WriteLine($"workflows benchmark on SQLite ({Environment.ProcessorCount} cores), {runs} runs after {warmup} warm-up");
Console.WriteLine($"{"case",-44} {"median",10} {"p95",10}");
Console.WriteLine($"{"baseline: record create, no workflow",-44} {Median(baseline),8:F2}ms {P95(baseline),8:F2}ms");
Console.WriteLine($"{"1 node: create → first step ran",-44} {Median(latency),8:F2}ms {P95(latency),8:F2}ms   (target median <= 10 ms)");
Console.WriteLine($"{"100-node loop: create → first step ran",-44} {Median(loopFirst),8:F2}ms {P95(loopFirst),8:F2}ms");
Console.WriteLine($"{"100-node loop: create → loop finished",-44} {Median(loopDone),8:F2}ms {P95(loopDone),8:F2}ms");
// The rate over all rounds (every create counts once; a hiccup of a few milliseconds cannot flip a 10 ms round's ratio), the median round beside it.
var (storeTimeBase, storeTimeWith) = (storeRounds.Sum(x => x.Base), storeRounds.Sum(x => x.With));
var storeMid = storeRounds.OrderBy(x => x.Base / x.With).ElementAt(storeRounds.Count / 2);
Console.WriteLine($"100-create loop, the platform's create (RecordStore.CreateAsync: access, validation, audit; {storeRounds.Count} alternating rounds of 100, each from an idle queue): " +
                  $"{100_000 * storeRounds.Count / storeTimeBase:F0} creates/s without workflow, {100_000 * storeRounds.Count / storeTimeWith:F0} with one record-triggered workflow " +
                  $"({100 * storeTimeBase / storeTimeWith:F0} % of baseline, target >= 80 %; median round {100 * storeMid.Base / storeMid.With:F0} %); " +
                  $"all 100 instances' first steps done after {storeRounds.Select(x => x.All).Order().ElementAt(storeRounds.Count / 2):F0} ms (median)");
Console.WriteLine($"  rounds (% of baseline): {string.Join(" ", storeRounds.Select(x => $"{100 * x.Base / x.With:F0}"))}");
Console.WriteLine($"  record store create path alone (worker held back, median of {storeAloneBase.Count} rounds of 100): {10 * Median(storeAloneBase):F1} µs/create without, " +
                  $"{10 * Median(storeAloneWith):F1} µs with the trigger queuing a start ({100 * Median(storeAloneBase) / Median(storeAloneWith):F0} %)");
var mid = rounds.OrderBy(x => x.Base / x.With).ElementAt(rounds.Count / 2);
Console.WriteLine($"100-create loop, bare create (two small inserts, none of the platform's work; median of {rounds.Count} rounds): {100_000 / mid.Base:F0} creates/s without workflow, " +
                  $"{100_000 / mid.With:F0} with ({100 * mid.Base / mid.With:F0} %); all 100 instances' first steps done after {mid.All:F0} ms");
Console.WriteLine($"  rounds (% of baseline): {string.Join(" ", rounds.Select(x => $"{100 * x.Base / x.With:F0}"))}");
Console.WriteLine($"  create path alone (worker held back): {1000 * Median(listenerBase) / 100:F1} µs/create without, {1000 * Median(listenerWith) / 100:F1} µs/create with the trigger queuing a start " +
                  $"({100 * Median(listenerBase) / Median(listenerWith):F0} %); CPU {10 * Median(cpuBase):F1} µs/create without, {10 * Median(cpuWith):F1} µs with");
Console.WriteLine($"  worker alone: 500 queued starts run in {drainMs:F0} ms ({1000 * drainMs / 500:F1} µs/instance)");
Console.WriteLine($"sustained 1,000 creates: {1_000_000 / sBase:F0} creates/s without workflow; with: {1_000_000 / sCreates:F0} creates/s while creating " +
                  $"({100 * sBase / sCreates:F0} %), {1_000_000 / sAll:F0} creates/s counting until every instance ran ({100 * sBase / sAll:F0} %); " +
                  $"CPU {sCpuBase:F0} µs/create without, {sCpuWith:F0} µs with the worker's runs");
var walCreates = Median(walWith.Select(w => w.Creates).ToList()); var walWorker = Median(walWith.Select(w => w.Worker).ToList());
Console.WriteLine($"WAL pages per create (median of {walBase.Count} blocks of 50): {Median(walBase):F1} without workflow; with: {walCreates + walWorker:F1} " +
                  $"({walCreates:F1} in the create's transaction, {walWorker:F1} by the worker running the start afterwards); {Median(walInterleaved):F1} with the worker running beside the creates");
var storeCreates = Median(storeWalWith.Select(w => w.Creates).ToList()); var storeWorker = Median(storeWalWith.Select(w => w.Worker).ToList());
Console.WriteLine($"record store WAL pages per create: {Median(storeWalBase):F1} without, {storeCreates + storeWorker:F1} with ({storeCreates:F1} + {storeWorker:F1} by the worker)");
try { Directory.Delete(dir, true); } catch (IOException) { }

/// <summary>A step that reports when it ran: the benchmark's stopwatch inside the workflow.</summary>
sealed class Probe : IActivity
{
    private TaskCompletionSource<long> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<long> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public volatile int Count;
    public string Type => "probe";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public Task<long> Next() { _first = new(TaskCreationOptions.RunContinuationsAsynchronously); return _first.Task; }
    public Task<long> NextFinal() { _final = new(TaskCreationOptions.RunContinuationsAsynchronously); return _final.Task; }
    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var now = Stopwatch.GetTimestamp();
        if (context.Activity.Properties["final"] is not null) _final.TrySetResult(now);
        else { _first.TrySetResult(now); Interlocked.Increment(ref Count); }
        return Task.FromResult(ActivityResult.Outcome("Done"));
    }
}
