using Platform.Failover;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>
/// The failure test in a size that fits CI (the scenario is <see cref="WorkflowFailoverScenario"/>;
/// the full 5,000-instance run is build/bench workflows-failover 5000): three real API processes on
/// loopback share one PostgreSQL database and a few hundred webhook-started instances with an outbox
/// side effect and a timer each, while one process at a time is killed with SIGKILL every second.
/// </summary>
[NonParallelizable]
public class WorkflowFailoverTests
{
    [Test]
    public async Task Three_processes_with_one_killed_every_second_complete_every_instance_and_side_effect_exactly_once()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "lowcode-failover-tests", Guid.NewGuid().ToString("N"));
        var scenario = new WorkflowFailoverScenario
        {
            Instances = 300, KillEvery = TimeSpan.FromSeconds(1), MaxKills = 12, Deadline = TimeSpan.FromMinutes(4),
            Log = line => TestContext.Out.WriteLine(line),
        };
        var result = await scenario.RunAsync(ApiDll(), TestDatabases.NewPostgresDatabase(), dataDir);
        TestContext.Out.WriteLine(result);

        Assert.That(result.Kills, Is.GreaterThanOrEqualTo(2), "nodes were killed while work was left");
        Assert.That(result.Problems(), Is.Empty, $"node logs: {dataDir}");
        try { Directory.Delete(dataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The API as built beside these tests (same configuration).</summary>
    private static string ApiDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        var dll = Path.Combine(TestDatabases.RepositoryRoot(), "Platform.Api", "bin", configuration, "net10.0", "Platform.Api.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build Platform.Api first", dll);
    }
}
