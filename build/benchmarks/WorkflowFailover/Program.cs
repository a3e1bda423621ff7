// The failure test: three API processes on loopback share N workflow instances on one PostgreSQL
// database; each instance sends an HTTP side effect through the outbox, waits on a timer, then
// finishes. Every few seconds one process is killed with SIGKILL and started again. At the end every
// instance must have completed exactly once, every side effect must have reached the receiver under
// its own idempotency key, and no timer may be lost.
// usage: WorkflowFailover <api-dll> <postgres-connection-string> [instances=1000] [kill-every-seconds=3]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;

var apiDll = args[0];
var admin = new NpgsqlConnectionStringBuilder(args[1]);
var count = args.Length > 2 ? int.Parse(args[2]) : 1000;
var killEvery = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 3);
const string secret = "failover-secret-0123456789";

var dbName = "lc_failover_" + Guid.NewGuid().ToString("N")[..8];
await using (var c = new NpgsqlConnection(admin.ConnectionString)) { await c.OpenAsync(); await new NpgsqlCommand($"CREATE DATABASE {dbName}", c).ExecuteNonQueryAsync(); }
admin.Database = dbName;
var cs = admin.ConnectionString;

// The outside system: counts deliveries per idempotency key.
var received = new ConcurrentDictionary<string, int>();
var listener = new HttpListener();
var receiverUrl = $"http://127.0.0.1:{FreePort()}/";
listener.Prefixes.Add(receiverUrl);
listener.Start();
_ = Task.Run(async () =>
{
    while (listener.IsListening)
    {
        HttpListenerContext ctx;
        try { ctx = await listener.GetContextAsync(); } catch { return; }
        received.AddOrUpdate(ctx.Request.Headers["Idempotency-Key"] ?? "(none)", 1, (_, n) => n + 1);
        ctx.Response.StatusCode = 200;
        ctx.Response.Close();
    }
});

var ports = new[] { FreePort(), FreePort(), FreePort() };
var nodes = new Process?[3];
var dataDir = Path.Combine(Path.GetTempPath(), "lowcode-failover", dbName);
Directory.CreateDirectory(dataDir);
Console.WriteLine($"database {dbName}, node logs in {dataDir}");
Process StartNode(int i)
{
    var psi = new ProcessStartInfo("dotnet", [apiDll, "--urls", $"http://127.0.0.1:{ports[i]}"])
    {
        RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(apiDll)!,
    };
    psi.Environment["LOWCODE_DB_PROVIDER"] = "postgres";
    psi.Environment["LOWCODE_DB"] = cs;
    psi.Environment["LOWCODE_DATA_DIR"] = dataDir;
    psi.Environment["LOWCODE_ADMIN_USER"] = "admin";
    psi.Environment["LOWCODE_ADMIN_PASSWORD"] = "failover-admin-pw";
    psi.Environment["LOWCODE_INSTALL_TEMPLATES"] = "";
    psi.Environment["LOWCODE_WORKFLOW_LEASE_SECONDS"] = "5";
    psi.Environment["LOWCODE_WORKFLOW_HTTP_ALLOW"] = "loopback"; // the receiver listens on loopback
    psi.Environment["Logging__LogLevel__Default"] = "Warning";
    psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Error";
    var p = Process.Start(psi)!;
    // Each node's output goes to a log file beside its data (kept for a failed run).
    var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(dataDir, $"node{i}.log"), append: true) { AutoFlush = true });
    log.WriteLine($"--- started pid {p.Id} at {DateTime.UtcNow:O}");
    p.OutputDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
    p.ErrorDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
    p.BeginOutputReadLine();
    p.BeginErrorReadLine();
    return p;
}
async Task WaitHealthy(int i)
{
    using var http = new HttpClient();
    for (var t = 0; t < 600; t++)
    {
        try { if ((await http.GetAsync($"http://127.0.0.1:{ports[i]}/api/health")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
        await Task.Delay(100);
    }
    throw new TimeoutException($"node {i} did not become healthy");
}

// Whatever happens, no node outlives this program.
AppDomain.CurrentDomain.ProcessExit += (_, _) => { foreach (var n in nodes) { try { n?.Kill(); } catch (InvalidOperationException) { } } };
AppDomain.CurrentDomain.UnhandledException += (_, _) => { foreach (var n in nodes) { try { n?.Kill(); } catch (InvalidOperationException) { } } };
var total = Stopwatch.StartNew();
nodes[0] = StartNode(0);
await WaitHealthy(0);
for (var i = 1; i < 3; i++) { nodes[i] = StartNode(i); await WaitHealthy(i); }

var cookies = new CookieContainer();
using var api = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
var signIn = await api.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "failover-admin-pw" });
signIn.EnsureSuccessStatusCode();
api.DefaultRequestHeaders.Add("X-XSRF-TOKEN", signIn.Headers.GetValues("X-XSRF-TOKEN").Single()); // the session's antiforgery token

(await api.PostAsJsonAsync("/api/apps/import", new { key = "failover", name = "Failover" })).EnsureSuccessStatusCode();
var definition = $$"""
{ "key": "load", "name": "Load", "trigger": { "type": "webhook", "secret": "{{secret}}" }, "variables": { "finished": 0 },
  "activities": [ { "id": "call", "type": "http", "properties": { "url": "{{receiverUrl}}", "body": { "n": { "expr": "trigger.body.n" } } } },
                  { "id": "wait", "type": "delay", "properties": { "duration": "2s" } },
                  { "id": "done", "type": "setVariable", "properties": { "name": "finished", "value": { "expr": "vars.finished + 1" } } } ],
  "connections": [ { "source": "call", "outcome": "Done", "target": "wait" }, { "source": "wait", "outcome": "Done", "target": "done" } ] }
""";
(await api.PutAsync("/api/apps/failover/workflows/load", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
(await api.PostAsync("/api/apps/failover/workflows/load/publish", null)).EnsureSuccessStatusCode();
await Task.Delay(TimeSpan.FromSeconds(4)); // other nodes notice the publish (fingerprint poll)

// Start every instance through the webhook, spread over the nodes.
using var hooks = new HttpClient();
var started = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
{
    var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{ports[n % 3]}/api/hooks/failover/load") { Content = JsonContent.Create(new { n }) };
    request.Headers.Add("X-Webhook-Secret", secret);
    (await hooks.SendAsync(request, ct)).EnsureSuccessStatusCode();
    Interlocked.Increment(ref started);
});
Console.WriteLine($"{started} instances queued in {total.Elapsed.TotalSeconds:F1} s; killing a node every {killEvery.TotalSeconds} s");

// Kill one node with SIGKILL every few seconds and bring it back, until everything is finished.
// The node that was killed is waited for until it answers again before the next pause starts.
var kills = 0;
var rnd = new Random(7);
async Task<(long Completed, long Other, long Queue, long Pending)> Progress()
{
    await using var c = new NpgsqlConnection(cs);
    await c.OpenAsync();
    async Task<long> N(string sql) => (long)(await new NpgsqlCommand(sql, c).ExecuteScalarAsync())!;
    return (await N("SELECT COUNT(*) FROM lc_wf_instances WHERE status = 'completed'"), await N("SELECT COUNT(*) FROM lc_wf_instances WHERE status <> 'completed'"),
            await N("SELECT COUNT(*) FROM lc_wf_work"), await N("SELECT COUNT(*) FROM lc_wf_outbox WHERE status = 'pending'"));
}
var deadline = Stopwatch.StartNew();
while (deadline.Elapsed < TimeSpan.FromMinutes(10))
{
    var p = await Progress();
    Console.WriteLine($"  {deadline.Elapsed.TotalSeconds,5:F0} s: completed {p.Completed}, other {p.Other}, queued work {p.Queue}, pending outbox {p.Pending}, kills {kills}");
    if (p.Completed == count && p.Queue == 0 && p.Pending == 0) break;
    await Task.Delay(killEvery);
    if (p.Completed < count)
    {
        var victim = rnd.Next(3);
        nodes[victim]!.Kill(); // SIGKILL on Linux
        await nodes[victim]!.WaitForExitAsync();
        kills++;
        nodes[victim] = StartNode(victim);
        // The next kill comes a few seconds after this node is back: one node down at a time, however slowly a node starts here.
        await WaitHealthy(victim);
    }
}
foreach (var n in nodes) { try { n!.Kill(); } catch (InvalidOperationException) { } }

await using var check = new NpgsqlConnection(cs);
await check.OpenAsync();
async Task<long> Count(string sql) => (long)(await new NpgsqlCommand(sql, check).ExecuteScalarAsync())!;
var completed = await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE status = 'completed'");
var instances = await Count("SELECT COUNT(*) FROM lc_wf_instances");
var finalSteps = await Count("SELECT COUNT(*) FROM lc_wf_journal WHERE activity_id = 'done' AND entry_kind = 'executed'");
var twice = await Count("SELECT COUNT(*) FROM (SELECT instance_id FROM lc_wf_journal WHERE activity_id = 'done' AND entry_kind = 'executed' GROUP BY instance_id HAVING COUNT(*) > 1) x");
var timersLeft = await Count("SELECT COUNT(*) FROM lc_wf_bookmarks");
var incidents = await Count("SELECT COUNT(*) FROM lc_wf_incidents");
var delivered = await Count("SELECT COUNT(*) FROM lc_wf_outbox WHERE status = 'delivered'");
var redelivered = received.Values.Sum() - received.Count;
var ok = instances == count && completed == count && finalSteps == count && twice == 0 && timersLeft == 0 && received.Count == count && delivered == count && !received.ContainsKey("(none)");
Console.WriteLine($"""
    failover on PostgreSQL, 3 API processes, {kills} SIGKILLs, {total.Elapsed.TotalSeconds:F0} s in all
      instances: {instances} (expected {count}), completed: {completed}, final step ran: {finalSteps} (twice: {twice}), incidents: {incidents}
      timers still waiting: {timersLeft}
      side effects: {received.Count} distinct idempotency keys received (expected {count}), outbox delivered: {delivered}, re-sent after a kill: {redelivered}
    {(ok ? "PASS" : "FAIL")}
    """);
listener.Close();
return ok ? 0 : 1;

static int FreePort()
{
    var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    var port = ((IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return port;
}
