using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>
/// The issue's failure test in a size that fits CI: three real API processes on loopback share one
/// PostgreSQL database and a few hundred webhook-started instances, each of which sends an HTTP side
/// effect through the outbox, waits on a timer and finishes. While they run, one process at a time is
/// killed with SIGKILL and started again. Afterwards every instance completed exactly once, every side
/// effect reached the receiver under its own idempotency key, and every timer fired.
/// (The full 5,000-instance run: build/bench workflows-failover 5000.)
/// </summary>
[NonParallelizable]
public class WorkflowFailoverTests
{
    private const string Secret = "failover-secret-0123456789";
    private const string AdminPassword = "failover-admin-pw";

    [Test]
    public async Task Three_processes_with_one_killed_every_second_complete_every_instance_and_side_effect_exactly_once()
    {
        const int count = 300;
        var cs = TestDatabases.NewPostgresDatabase();
        using var receiver = new SlowReceiver();
        await using var cluster = new ApiCluster(cs, Path.Combine(Path.GetTempPath(), "lowcode-failover-tests", Guid.NewGuid().ToString("N")));
        await cluster.StartAllAsync();

        var cookies = new CookieContainer();
        using var api = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = cluster.Url(0) };
        var signIn = await api.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = AdminPassword });
        signIn.EnsureSuccessStatusCode();
        api.DefaultRequestHeaders.Add("X-XSRF-TOKEN", signIn.Headers.GetValues("X-XSRF-TOKEN").Single());
        (await api.PostAsJsonAsync("/api/apps/import", new { key = "failover", name = "Failover" })).EnsureSuccessStatusCode();
        var definition = $$"""
        { "key": "load", "name": "Load", "trigger": { "type": "webhook", "secret": "{{Secret}}" }, "variables": { "finished": 0 },
          "activities": [ { "id": "call", "type": "http", "properties": { "url": "{{receiver.Url}}", "body": { "n": { "expr": "trigger.body.n" } } } },
                          { "id": "wait", "type": "delay", "properties": { "duration": "3s" } },
                          { "id": "done", "type": "setVariable", "properties": { "name": "finished", "value": { "expr": "vars.finished + 1" } } } ],
          "connections": [ { "source": "call", "outcome": "Done", "target": "wait" }, { "source": "wait", "outcome": "Done", "target": "done" } ] }
        """;
        (await api.PutAsync("/api/apps/failover/workflows/load", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/apps/failover/workflows/load/publish", null)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(4)); // the other nodes notice the publish (fingerprint poll every 3 s)

        using var hooks = new HttpClient();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (n, ct) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.Url(n % 3), "/api/hooks/failover/load")) { Content = JsonContent.Create(new { n }) };
            request.Headers.Add("X-Webhook-Secret", Secret);
            (await hooks.SendAsync(request, ct)).EnsureSuccessStatusCode();
        });

        // Kill one node every second while work is left, and bring it back.
        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        async Task<long> Count(string sql) => (long)(await new NpgsqlCommand(sql, db).ExecuteScalarAsync())!;
        var kills = 0;
        var random = new Random(11);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(4))
        {
            var open = await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE status <> 'completed'") + await Count("SELECT COUNT(*) FROM lc_wf_work")
                       + await Count("SELECT COUNT(*) FROM lc_wf_outbox WHERE status = 'pending'");
            if (open == 0 && await Count("SELECT COUNT(*) FROM lc_wf_instances") == count) break;
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (kills < 12) { await cluster.KillAndRestartAsync(random.Next(3)); kills++; }
        }

        var instances = await Count("SELECT COUNT(*) FROM lc_wf_instances");
        var completed = await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE status = 'completed'");
        var finalSteps = await Count("SELECT COUNT(*) FROM lc_wf_journal WHERE activity_id = 'done' AND entry_kind = 'executed'");
        var finishedTwice = await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE state NOT LIKE '%\"finished\":1%'");
        var timersFired = await Count("SELECT COUNT(DISTINCT instance_id) FROM lc_wf_journal WHERE activity_id = 'wait' AND entry_kind = 'resumed'");
        var delivered = await Count("SELECT COUNT(*) FROM lc_wf_outbox WHERE status = 'delivered'");
        var outboxKeys = new HashSet<string>();
        await using (var reader = await new NpgsqlCommand("SELECT idempotency_key FROM lc_wf_outbox", db).ExecuteReaderAsync())
            while (await reader.ReadAsync()) outboxKeys.Add(reader.GetString(0));
        var received = receiver.Received;
        TestContext.Out.WriteLine($"{kills} kills in {deadline.Elapsed.TotalSeconds:F0} s; instances {instances}, completed {completed}, final steps {finalSteps}, " +
                                  $"timers fired {timersFired}, outbox delivered {delivered}, keys received {received.Count}, re-sent {received.Values.Sum() - received.Count}");

        Assert.Multiple(async () =>
        {
            Assert.That(kills, Is.GreaterThanOrEqualTo(2), "nodes were killed while work was left");
            Assert.That(instances, Is.EqualTo(count), "one instance per webhook call");
            Assert.That(completed, Is.EqualTo(count), "every instance completed");
            Assert.That(finalSteps, Is.EqualTo(count), "the last step ran exactly once per instance");
            Assert.That(finishedTwice, Is.EqualTo(0), "no instance counted its last step twice");
            Assert.That(timersFired, Is.EqualTo(count), "every timer fired");
            Assert.That(await Count("SELECT COUNT(*) FROM lc_wf_bookmarks"), Is.EqualTo(0), "no timer is left waiting");
            Assert.That(await Count("SELECT COUNT(*) FROM lc_wf_work"), Is.EqualTo(0), "no work is left");
            Assert.That(await Count("SELECT COUNT(*) FROM lc_wf_incidents"), Is.EqualTo(0), "no incidents");
            Assert.That(delivered, Is.EqualTo(count), "one delivered outbox message per instance");
            Assert.That(received.Keys, Is.EquivalentTo(outboxKeys), "every side effect reached the receiver, each under its own outbox idempotency key");
        });
    }

    /// <summary>The outside system: counts deliveries per idempotency key and answers a little slowly, so kills catch sends in flight.</summary>
    private sealed class SlowReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        public ConcurrentDictionary<string, int> Received { get; } = new();
        public string Url { get; }

        public SlowReceiver()
        {
            Url = $"http://127.0.0.1:{FreePort()}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await _listener.GetContextAsync(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                    _ = Task.Run(async () =>
                    {
                        Received.AddOrUpdate(ctx.Request.Headers["Idempotency-Key"] ?? "(none)", 1, (_, n) => n + 1);
                        await Task.Delay(20);
                        ctx.Response.StatusCode = 200;
                        ctx.Response.Close();
                    });
                }
            });
        }

        public void Dispose() => _listener.Close();
    }

    /// <summary>Three processes of the built API (Platform.Api.dll) on one PostgreSQL database.</summary>
    private sealed class ApiCluster(string connectionString, string dataDir) : IAsyncDisposable
    {
        private readonly int[] _ports = [FreePort(), FreePort(), FreePort()];
        private readonly Process?[] _nodes = new Process?[3];
        private readonly ConcurrentQueue<string> _errors = new();

        public Uri Url(int node) => new($"http://127.0.0.1:{_ports[node]}");

        public async Task StartAllAsync()
        {
            // The first node creates the schema and the administrator; the others start once it is ready.
            _nodes[0] = Start(0);
            await WaitHealthyAsync(0);
            _nodes[1] = Start(1);
            _nodes[2] = Start(2);
            await Task.WhenAll(WaitHealthyAsync(1), WaitHealthyAsync(2));
        }

        public async Task KillAndRestartAsync(int node)
        {
            _nodes[node]!.Kill(); // SIGKILL on Linux: no shutdown, no drain
            await _nodes[node]!.WaitForExitAsync();
            _nodes[node]!.Dispose();
            _nodes[node] = Start(node);
            await WaitHealthyAsync(node); // one node down at a time, however slowly a node starts on a loaded machine
        }

        private Process Start(int node)
        {
            var dll = ApiDll();
            var psi = new ProcessStartInfo("dotnet", [dll, "--urls", Url(node).ToString()])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
            };
            psi.Environment["LOWCODE_DB_PROVIDER"] = "postgres";
            psi.Environment["LOWCODE_DB"] = connectionString;
            psi.Environment["LOWCODE_DATA_DIR"] = dataDir;
            psi.Environment["LOWCODE_ADMIN_USER"] = "admin";
            psi.Environment["LOWCODE_ADMIN_PASSWORD"] = AdminPassword;
            psi.Environment["LOWCODE_INSTALL_TEMPLATES"] = "";
            psi.Environment["LOWCODE_WORKFLOW_LEASE_SECONDS"] = "3";
            psi.Environment["LOWCODE_WORKFLOW_HTTP_ALLOW"] = "loopback"; // the receiver listens on loopback
            psi.Environment["Logging__LogLevel__Default"] = "Warning";
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _errors.Enqueue($"node {node}: {line}"); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return p;
        }

        private async Task WaitHealthyAsync(int node)
        {
            using var http = new HttpClient();
            for (var t = 0; t < 1200; t++)
            {
                try { if ((await http.GetAsync(new Uri(Url(node), "/api/health"))).IsSuccessStatusCode) return; }
                catch (HttpRequestException) { }
                await Task.Delay(100);
            }
            throw new TimeoutException($"node {node} did not become healthy: {string.Join("\n", _errors.TakeLast(20))}");
        }

        /// <summary>The API as built beside these tests (same configuration).</summary>
        private static string ApiDll()
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
            var dll = Path.Combine(TestDatabases.RepositoryRoot(), "Platform.Api", "bin", configuration, "net10.0", "Platform.Api.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build Platform.Api first", dll);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var p in _nodes)
            {
                if (p is null) continue;
                try { p.Kill(); await p.WaitForExitAsync(); } catch (InvalidOperationException) { }
                p.Dispose();
            }
            try { Directory.Delete(dataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
