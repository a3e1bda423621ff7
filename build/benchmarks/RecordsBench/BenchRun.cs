using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Benchmarks;
using Dapper;
using Npgsql;

namespace RecordsBench;

/// <summary>One database's run: a fresh database, the platform on it, the raw baseline beside it.</summary>
public sealed class BenchRun : IAsyncDisposable
{
    private readonly string _provider;
    private readonly BenchSettings _settings;
    private readonly string _dataDir;
    private readonly string? _pgAdmin;
    private readonly string? _pgDatabase;
    private ServerProcess? _platform;

    private BenchRun(string provider, BenchSettings settings, string dataDir, string connection, string? pgAdmin, string? pgDatabase)
    {
        _provider = provider;
        _settings = settings;
        _dataDir = dataDir;
        Connection = connection;
        _pgAdmin = pgAdmin;
        _pgDatabase = pgDatabase;
    }

    /// <summary>The platform's connection setting: a file path (SQLite) or a connection string.</summary>
    public string Connection { get; }

    public static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "LowCode.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        return dir;
    }

    public static async Task<BenchRun> StartAsync(string provider, BenchSettings settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "lowcode-bench-records", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        if (provider == "sqlite") return new BenchRun(provider, settings, dataDir, Path.Combine(dataDir, "lowcode.db"), null, null);
        var name = "lowcode_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var c = new NpgsqlConnection(settings.PostgresConnection))
        {
            await c.OpenAsync();
            await c.ExecuteAsync($"CREATE DATABASE {name}");
        }
        var cs = new NpgsqlConnectionStringBuilder(settings.PostgresConnection) { Database = name }.ConnectionString;
        return new BenchRun("postgres", settings, dataDir, cs, settings.PostgresConnection, name);
    }

    private static readonly JsonObject Package = (JsonObject)JsonNode.Parse("""
    { "key": "bench", "name": "Bench",
      "models": [ { "key": "deal", "name": "商机", "displayField": "title", "fields": [
        { "key": "title", "type": "text", "label": "标题", "required": true, "maxLength": 200 },
        { "key": "stage", "type": "singleSelect", "label": "阶段", "options": [
          { "value": "lead", "label": "线索" }, { "value": "qualified", "label": "已确认" }, { "value": "proposal", "label": "方案" },
          { "value": "won", "label": "赢单" }, { "value": "lost", "label": "输单" } ] },
        { "key": "amount", "type": "decimal", "label": "金额", "min": 0 },
        { "key": "closed_on", "type": "date", "label": "预计成交" } ] } ],
      "roles": [
        { "key": "rep", "name": "销售", "permissions": { "deal": { "actions": ["read", "create", "import"], "rowScope": "departmentAndBelow" } } },
        { "key": "viewer", "name": "全员只读", "permissions": { "deal": { "actions": ["read"], "rowScope": "all" } } } ] }
    """)!;

    public async Task<Report> ExecuteAsync()
    {
        var report = new Report(_provider, _settings.Rows);
        var root = Root();
        Console.WriteLine($"\n== {_provider}: starting the platform …");
        _platform = await PlatformProcess.StartAsync(root, _provider, Connection, _dataDir);
        using var admin = await Session.SignInAsync(_platform.Url, PlatformProcess.AdminUser, PlatformProcess.AdminPassword);
        await admin.PostAsync("/api/apps/import", Package.DeepClone());

        // Departments: HQ, three regions, three branches under each. The scoped user sits in region 1.
        async Task<string> Department(string name, string? parent) =>
            (await admin.PostAsync("/api/departments", new JsonObject { ["name"] = name, ["parentId"] = parent }))!["id"]!.GetValue<string>();
        var hq = await Department("总部", null);
        var departments = new List<string> { hq };
        var regions = new List<string>();
        for (var r = 1; r <= 3; r++)
        {
            var region = await Department($"大区{r}", hq);
            regions.Add(region);
            departments.Add(region);
            for (var b = 1; b <= 3; b++) departments.Add(await Department($"大区{r}-分部{b}", region));
        }
        const string password = "bench-user-password";
        var rep = (await admin.PostAsync("/api/users", new JsonObject
        {
            ["userName"] = "rep1", ["password"] = password, ["departmentId"] = regions[0], ["roles"] = new JsonArray("bench/rep"),
        }))!["id"]!.GetValue<string>();
        await admin.PostAsync("/api/users", new JsonObject { ["userName"] = "viewer1", ["password"] = password, ["departmentId"] = hq, ["roles"] = new JsonArray("bench/viewer") });
        using var repSession = await Session.SignInAsync(_platform.Url, "rep1", password);
        using var viewer = await Session.SignInAsync(_platform.Url, "viewer1", password);
        var below = departments.GetRange(1, 4); // region 1 and its three branches

        var table = new BenchTable(_provider, _provider == "sqlite" ? $"Data Source={Connection};Cache=Private;Pooling=True" : Connection,
            Platform.Runtime.Data.ModelTableNames.Table("bench", "deal"));

        // The big table first, so creates, import and queries all meet a table of realistic size.
        var sw = Stopwatch.StartNew();
        Console.WriteLine($"   loading {_settings.Rows:N0} rows …");
        await table.LoadAsync(_settings.Rows, departments, rep);
        Console.WriteLine($"   loaded in {sw.Elapsed.TotalSeconds:F1} s ({_settings.Rows / sw.Elapsed.TotalSeconds:N0} rows/s, raw multi-row load)");

        await using var bare = await BareServer.StartProcessAsync(table, rep, regions[0]);
        using var bareClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(bare.Url) };
        if (_settings.Includes("creates")) await CreatesAsync(report, bare, bareClient, repSession);
        if (_settings.Includes("import")) await ImportAsync(report, table, repSession, rep, regions[0]);
        if (_settings.Only is not null) return Finish(report);

        // ---- queries ----
        Console.WriteLine("   queries …");
        var page = JsonNode.Parse($$"""
            { "filter": { "and": [ { "field": "stage", "op": "eq", "value": "{{BenchTable.PageStage}}" }, { "field": "amount", "op": "gte", "value": {{BenchTable.PageMinAmount}} } ] },
              "sort": [ { "field": "createdAt", "dir": "desc" } ], "page": { "size": 50 } }
            """)!;
        var count = JsonNode.Parse("""{ "groupBy": ["stage"], "measures": [ { "op": "count" } ] }""")!;
        async Task Query(Session s, string path, JsonNode request, int expected)
        {
            var result = await s.PostAsync(path, request.DeepClone());
            var n = result!["items"]?.AsArray().Count ?? result["rows"]!.AsArray().Count;
            if (n != expected) throw new InvalidOperationException($"{path} gave {n} rows, expected {expected}");
        }
        const string queryPath = "/api/apps/bench/models/deal/records/query", aggregatePath = "/api/apps/bench/models/deal/records/aggregate";
        // The hand-written page reads one row more than it shows (is there a next page), as the platform does.
        var (rawPageRows, rawScopedPageRows) = (await table.PageAsync(), await table.PageAsync(below));
        var (pageRows, scopedPageRows) = (Math.Min(50, rawPageRows), Math.Min(50, rawScopedPageRows));
        var groups = await table.CountByStageAsync();
        // Each case's runs take turns with the others' (unscoped, raw, scoped, scoped raw), so a neighbour's load on the
        // shared cores falls on all of them alike instead of on whichever case happened to run during it.
        // The bare server answers the same queries through HTTP, as a hand-written service would: the ratio targets
        // compare with it. The same SQL run here in-process, without HTTP or JSON, is printed beside it.
        async Task Bare(string path, List<string>? scope, int expected)
        {
            using var response = await bareClient.PostAsync(path, Session.Json(new JsonObject { ["departments"] = scope is null ? null : new JsonArray([.. scope.Select(d => JsonValue.Create(d))]) }));
            var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var n = result["items"]?.AsArray().Count ?? result["rows"]!.AsArray().Count;
            if (n != expected) throw new InvalidOperationException($"bare {path} gave {n} rows, expected {expected}");
        }
        var pages = await Latencies(() => Query(viewer, queryPath, page, pageRows), () => Bare("/raw/page", null, rawPageRows),
            () => Query(repSession, queryPath, page, scopedPageRows), () => Bare("/raw/page", below, rawScopedPageRows),
            () => table.PageAsync(), () => table.PageAsync(below));
        var counts = await Latencies(() => Query(viewer, aggregatePath, count, groups), () => Bare("/raw/count", null, groups),
            () => Query(repSession, aggregatePath, count, groups), () => Bare("/raw/count", below, groups),
            () => table.CountByStageAsync(), () => table.CountByStageAsync(below));
        report.Queries(pages[0], pages[1], pages[2], pages[3], counts[0], counts[1], counts[2], counts[3], await table.CountAsync(), below.Count, departments.Count);
        report.InProcess(pages[4], pages[5], counts[4], counts[5]);

        return Finish(report);
    }

    private async Task CreatesAsync(Report report, ServerProcess bare, HttpClient bareClient, Session repSession)
    {
        var body = new JsonObject { ["title"] = "新商机", ["stage"] = "lead", ["amount"] = 1234.5, ["closed_on"] = "2026-03-31" };
        async Task<(bool Ok, string? Error)> PlatformCreate()
        {
            var (status, text) = await repSession.SendAsync(HttpMethod.Post, "/api/apps/bench/models/deal/records", Session.Json(body));
            return status == HttpStatusCode.Created ? (true, null) : (false, $"{(int)status} {text}");
        }
        async Task<(bool Ok, string? Error)> RawCreate()
        {
            using var response = await bareClient.PostAsync("/raw/deals", Session.Json(body));
            return response.StatusCode == HttpStatusCode.Created ? (true, null) : (false, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Console.WriteLine("   creates …");
        // Both servers warm up until the JIT has settled (tiered compilation of a fresh process keeps a
        // core busy for seconds), so the figures compare steady states, not start-up.
        await WarmUpAsync(PlatformCreate, () => _platform!.CpuTime, "platform", _platform!.Id);
        await WarmUpAsync(RawCreate, () => bare.CpuTime, "raw", bare.Id);
        foreach (var clients in new[] { 1, 8 })
        {
            // CPU per create, which the machine's load hardly changes: each server process's own, and the client's (this process).
            var (self, rawCpu) = (BenchCpu(), bare.CpuTime);
            var raw = await Throughput(RawCreate, _settings.Creates, clients);
            var (rawClient, rawServer) = (BenchCpu() - self, bare.CpuTime - rawCpu);
            var cpu = _platform!.CpuTime;
            self = BenchCpu();
            var platform = await Throughput(PlatformCreate, _settings.Creates, clients);
            var client = BenchCpu() - self;
            double Us(TimeSpan t) => t.TotalMilliseconds * 1000 / _settings.Creates;
            report.Note($"CPU per create ({clients} client{(clients == 1 ? "" : "s")}): platform process {Us(_platform!.CpuTime - cpu):F0} µs, " +
                        $"bare server process {Us(rawServer):F0} µs; client {Us(client):F0} µs (platform run), {Us(rawClient):F0} µs (raw run)");
            report.Creates(clients, platform.PerSecond, raw.PerSecond, platform.Errors + raw.Errors, platform.FirstError ?? raw.FirstError);
        }
    }

    /// <summary>
    /// CSV import through HTTP beside the raw bulk insert of the same rows and audit rows. Both sides first
    /// import warm-up files of the same size (JIT, statement caches), then three measured rounds taking turns
    /// (platform, raw), so a neighbour's load on the shared cores falls on both alike; the medians are reported.
    /// CPU per row is the platform process's own and, for raw, this process's (the raw insert runs here).
    /// </summary>
    private async Task ImportAsync(Report report, BenchTable table, Session repSession, string rep, string region)
    {
        const string path = "/api/apps/bench/models/deal/records/import";
        Console.WriteLine("   import …");
        List<DealRow> Rows(long from) => Enumerable.Range(0, _settings.ImportRows).Select(i => DealRow.Generated(from + i, [region], rep)).ToList();
        List<DealRow> Raw(List<DealRow> rows) => rows.Select(r => r with { Id = Guid.CreateVersion7().ToString(), CreatedAt = DateTimeOffset.UtcNow }).ToList();
        for (var w = 0; w < 2; w++)
        {
            var warm = Rows(3_000_000_000L + w * 10_000_000L);
            await repSession.ImportCsvAsync(path, BenchTable.Csv(warm));
            await table.BulkInsertAsync(Raw(warm), "rep1");
        }
        double Us(TimeSpan t) => t.TotalMilliseconds * 1000 / _settings.ImportRows;
        var platform = new List<(double PerSecond, double CpuUs)>();
        var raw = new List<(double PerSecond, double CpuUs)>();
        var errors = 0;
        for (var round = 0; round < 3; round++)
        {
            var importRows = Rows(2_000_000_000L + round * 10_000_000L);
            var csv = BenchTable.Csv(importRows);
            var cpu = _platform!.CpuTime;
            var sw = Stopwatch.StartNew();
            var imported = await repSession.ImportCsvAsync(path, csv);
            var seconds = sw.Elapsed.TotalSeconds;
            var created = imported!["created"]!.GetValue<int>();
            if (created != importRows.Count) errors++;
            platform.Add((created / seconds, Us(_platform.CpuTime - cpu)));
            var rawRows = Raw(importRows);
            var self = BenchCpu();
            sw.Restart();
            await table.BulkInsertAsync(rawRows, "rep1");
            raw.Add((rawRows.Count / sw.Elapsed.TotalSeconds, Us(BenchCpu() - self)));
        }
        static double Median(IEnumerable<double> v) => v.Order().ElementAt(1);
        string Rounds(List<(double PerSecond, double CpuUs)> runs) => string.Join(", ", runs.Select(r => $"{r.PerSecond:N0}/s {r.CpuUs:F1} µs"));
        report.Note($"import rounds (rows/s, CPU per row): platform {Rounds(platform)}; raw {Rounds(raw)}");
        var (platformCpu, rawCpu) = (Median(platform.Select(r => r.CpuUs)), Median(raw.Select(r => r.CpuUs)));
        report.Note($"CPU per imported row (median): platform process {platformCpu:F1} µs, raw bulk insert {rawCpu:F1} µs ({platformCpu / rawCpu:F2}x)");
        report.Import(Median(platform.Select(r => r.PerSecond)), Median(raw.Select(r => r.PerSecond)), errors);
    }

    private Report Finish(Report report)
    {
        report.LockedInLog = _platform!.Log.Split('\n').Count(l => l.Contains("database is locked", StringComparison.OrdinalIgnoreCase));
        return report;
    }

    private async Task<(double PerSecond, int Errors, string? FirstError)> Throughput(Func<Task<(bool Ok, string? Error)>> send, int total, int clients)
    {
        var remaining = total;
        var errors = 0;
        string? first = null;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                try
                {
                    var (ok, error) = await send();
                    if (!ok) { Interlocked.Increment(ref errors); first ??= error; }
                }
                catch (Exception e) { Interlocked.Increment(ref errors); first ??= e.Message; }
            }
        })));
        return (total / sw.Elapsed.TotalSeconds, errors, first);
    }

    private static TimeSpan BenchCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// Sends creates in rounds of 250 until the process's JIT has settled: its tiered-compilation threads
    /// used no clock tick (10 ms) in each of three rounds in a row (read from /proc) and the CPU per create stopped
    /// falling. At least 8,000 creates, at most 20,000: a fresh server keeps promoting methods (and tuning its
    /// heap and thread pool) for several thousand creates, its creates getting about twice as fast meanwhile, and the
    /// JIT can pause for a few rounds in between.
    /// </summary>
    private async Task WarmUpAsync(Func<Task<(bool Ok, string? Error)>> send, Func<TimeSpan> cpu, string name, int pid)
    {
        const int round = 250;
        var best = double.MaxValue;
        var steady = 0;
        var rounds = 0;
        var sw = Stopwatch.StartNew();
        var jit = JitActivity.Ticks(pid);
        var perCreate = 0.0;
        while (rounds < 80 && (rounds < 32 || steady < 3))
        {
            var before = cpu();
            await Throughput(send, round, 1);
            perCreate = (cpu() - before).TotalMilliseconds * 1000 / round;
            var jitNow = JitActivity.Ticks(pid);
            var settled = perCreate <= best * 1.15 && (jit is null || jitNow is null || JitActivity.Since(jit, jitNow) == 0);
            steady = settled ? steady + 1 : 0;
            best = Math.Min(best, perCreate);
            jit = jitNow;
            rounds++;
        }
        Console.WriteLine($"   {name} warmed up: {rounds * round:N0} creates in {sw.Elapsed.TotalSeconds:F1} s (last round {perCreate:F0} µs CPU per create)");
    }

    /// <summary>Latencies of several cases measured round by round: each round runs every case once, in turn.</summary>
    private async Task<List<double>[]> Latencies(params Func<Task>[] runs)
    {
        for (var i = 0; i < 3; i++)
            foreach (var run in runs) await run();
        var times = runs.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < _settings.Runs; i++)
            for (var c = 0; c < runs.Length; c++)
            {
                var sw = Stopwatch.StartNew();
                await runs[c]();
                times[c].Add(sw.Elapsed.TotalMilliseconds);
            }
        return times;
    }

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null) await _platform.DisposeAsync();
        if (_pgAdmin is not null && Environment.GetEnvironmentVariable("LOWCODE_BENCH_KEEP") is { Length: > 0 })
            Console.WriteLine($"   kept database {_pgDatabase} (LOWCODE_BENCH_KEEP); drop it with DROP DATABASE {_pgDatabase}");
        else if (_pgAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(_pgAdmin);
            await c.OpenAsync();
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)");
        }
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
