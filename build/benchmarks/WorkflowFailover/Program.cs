// The failure test at full size: the scenario of WorkflowFailoverTests (tests/Platform.Failover) with N
// instances and a SIGKILL every few seconds for as long as work is left, on a fresh PostgreSQL database.
// usage: WorkflowFailover <api-dll> <postgres-connection-string> [instances=1000] [kill-every-seconds=3]
using Npgsql;
using Platform.Failover;

var apiDll = args[0];
var admin = new NpgsqlConnectionStringBuilder(args[1]);
var count = args.Length > 2 ? int.Parse(args[2]) : 1000;
var killEvery = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 3);

var dbName = "lc_failover_" + Guid.NewGuid().ToString("N")[..8];
await using (var c = new NpgsqlConnection(admin.ConnectionString)) { await c.OpenAsync(); await new NpgsqlCommand($"CREATE DATABASE {dbName}", c).ExecuteNonQueryAsync(); }
admin.Database = dbName;
var dataDir = Path.Combine(Path.GetTempPath(), "lowcode-failover", dbName);
Console.WriteLine($"database {dbName}, node logs in {dataDir}");

var scenario = new WorkflowFailoverScenario
{
    Instances = count, KillEvery = killEvery,
    // Long enough for the full run on a loaded machine; the figures say how long it took.
    Deadline = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(count / 10.0),
    Log = Console.WriteLine,
};
var result = await scenario.RunAsync(apiDll, admin.ConnectionString, dataDir);
Console.WriteLine(result);
var problems = result.Problems();
foreach (var p in problems) Console.WriteLine($"  broken: {p}");
Console.WriteLine(problems.Count == 0 ? "PASS" : "FAIL");
return problems.Count == 0 ? 0 : 1;
