using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace Platform.Failover;

/// <summary>
/// The failure test: three API processes on loopback share one PostgreSQL database and
/// <see cref="Instances"/> webhook-started instances, each of which sends an HTTP side effect through
/// the outbox, waits on a timer and finishes. While work is left, one process at a time is killed with
/// SIGKILL every <see cref="KillEvery"/> and started again. The result says whether every instance
/// completed exactly once, every side effect reached the receiver under its own idempotency key, and
/// every timer fired. Run by WorkflowFailoverTests (CI size) and build/bench workflows-failover (full size).
/// </summary>
public sealed class WorkflowFailoverScenario
{
    private const string Secret = "failover-secret-0123456789";
    private const string AdminPassword = "failover-admin-pw";

    public required int Instances { get; init; }
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Kills at most this many times (null: as long as work is left).</summary>
    public int? MaxKills { get; init; }
    /// <summary>Gives up waiting for the instances to finish after this long.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(10);
    public int LeaseSeconds { get; init; } = 3;
    public Action<string> Log { get; init; } = _ => { };

    /// <param name="apiDll">The built Platform.Api.dll.</param>
    /// <param name="connectionString">An empty PostgreSQL database.</param>
    /// <param name="dataDir">The nodes' data folder and logs.</param>
    public async Task<FailoverResult> RunAsync(string apiDll, string connectionString, string dataDir)
    {
        var total = Stopwatch.StartNew();
        using var receiver = new SideEffectReceiver();
        await using var cluster = new ApiCluster(apiDll, connectionString, dataDir, AdminPassword, LeaseSeconds);
        await cluster.StartAllAsync();
        await PublishAsync(cluster, receiver.Url);

        var starting = Stopwatch.StartNew();
        using (var hooks = new HttpClient())
            await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (n, ct) =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.Url(n % cluster.Count), "/api/hooks/failover/load")) { Content = JsonContent.Create(new { n }) };
                request.Headers.Add("X-Webhook-Secret", Secret);
                (await hooks.SendAsync(request, ct)).EnsureSuccessStatusCode();
            });
        var startDuration = starting.Elapsed;
        Log($"{Instances} instances queued in {startDuration.TotalSeconds:F1} s; killing a node every {KillEvery.TotalSeconds} s while work is left");

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        async Task<long> Count(string sql) => (long)(await new NpgsqlCommand(sql, db).ExecuteScalarAsync())!;
        var kills = 0;
        var random = new Random(11);
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < Deadline)
        {
            var (completed, others) = (await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE status = 'completed'"), await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE status <> 'completed'"));
            var (work, outbox) = (await Count("SELECT COUNT(*) FROM lc_wf_work"), await Count("SELECT COUNT(*) FROM lc_wf_outbox WHERE status = 'pending'"));
            Log($"  {waiting.Elapsed.TotalSeconds,5:F0} s: completed {completed}, other {others}, queued work {work}, pending outbox {outbox}, kills {kills}");
            if (completed == Instances && others + work + outbox == 0) break;
            await Task.Delay(KillEvery);
            if (MaxKills is null || kills < MaxKills) { await cluster.KillAndRestartAsync(random.Next(cluster.Count)); kills++; }
        }

        var outboxKeys = new HashSet<string>();
        await using (var reader = await new NpgsqlCommand("SELECT idempotency_key FROM lc_wf_outbox", db).ExecuteReaderAsync())
            while (await reader.ReadAsync()) outboxKeys.Add(reader.GetString(0));
        return new FailoverResult(Instances, kills, total.Elapsed, startDuration,
            Instances: await Count("SELECT COUNT(*) FROM lc_wf_instances"),
            Completed: await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE status = 'completed'"),
            FinalSteps: await Count("SELECT COUNT(*) FROM lc_wf_journal WHERE activity_id = 'done' AND entry_kind = 'executed'"),
            FinishedTwice: await Count("SELECT COUNT(*) FROM lc_wf_instances WHERE state NOT LIKE '%\"finished\":1%'"),
            TimersFired: await Count("SELECT COUNT(DISTINCT instance_id) FROM lc_wf_journal WHERE activity_id = 'wait' AND entry_kind = 'resumed'"),
            TimersWaiting: await Count("SELECT COUNT(*) FROM lc_wf_bookmarks"),
            WorkLeft: await Count("SELECT COUNT(*) FROM lc_wf_work"),
            Incidents: await Count("SELECT COUNT(*) FROM lc_wf_incidents"),
            OutboxDelivered: await Count("SELECT COUNT(*) FROM lc_wf_outbox WHERE status = 'delivered'"),
            outboxKeys, new Dictionary<string, int>(receiver.Received));
    }

    // The workflow under test: a side effect through the outbox, a timer, a last step that counts itself.
    private static async Task PublishAsync(ApiCluster cluster, string receiverUrl)
    {
        var cookies = new CookieContainer();
        using var api = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = cluster.Url(0) };
        var signIn = await api.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = AdminPassword });
        signIn.EnsureSuccessStatusCode();
        api.DefaultRequestHeaders.Add("X-XSRF-TOKEN", signIn.Headers.GetValues("X-XSRF-TOKEN").Single()); // the session's antiforgery token
        (await api.PostAsJsonAsync("/api/apps/import", new { key = "failover", name = "Failover" })).EnsureSuccessStatusCode();
        var definition = $$"""
        { "key": "load", "name": "Load", "trigger": { "type": "webhook", "secret": "{{Secret}}" }, "variables": { "finished": 0 },
          "activities": [ { "id": "call", "type": "http", "properties": { "url": "{{receiverUrl}}", "body": { "n": { "expr": "trigger.body.n" } } } },
                          { "id": "wait", "type": "delay", "properties": { "duration": "3s" } },
                          { "id": "done", "type": "setVariable", "properties": { "name": "finished", "value": { "expr": "vars.finished + 1" } } } ],
          "connections": [ { "source": "call", "outcome": "Done", "target": "wait" }, { "source": "wait", "outcome": "Done", "target": "done" } ] }
        """;
        (await api.PutAsync("/api/apps/failover/workflows/load", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/apps/failover/workflows/load/publish", null)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(4)); // the other nodes notice the publish (fingerprint poll every 3 s)
    }
}
