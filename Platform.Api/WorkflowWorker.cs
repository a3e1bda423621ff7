using Platform.Runtime.Workflows;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Api;

/// <summary>
/// This node's workflow worker: claims due work and delivers the outbox in a loop, sleeping a short
/// poll interval when idle unless woken by the in-process signal (work committed on this node).
/// Expired leases of dead nodes are claimable by the same query, so claiming is also the lease reaper.
/// Definitions published on other nodes are noticed by a fingerprint check every few seconds.
/// </summary>
public sealed class WorkflowWorker(WorkflowRuntime runtime, PlatformStartup startup, IConfiguration config, ILogger<WorkflowWorker> log) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // How long a claim protects an item; a node that dies holds its items this long (LOWCODE_WORKFLOW_LEASE_SECONDS).
        var lease = TimeSpan.FromSeconds(int.TryParse(config["LOWCODE_WORKFLOW_LEASE_SECONDS"], out var s) && s > 0 ? s : 30);
        var runner = runtime.NewRunner(lease: lease);
        var lastRefresh = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!startup.Ready) { await Task.Delay(PollInterval, stop); continue; }
                if (DateTime.UtcNow - lastRefresh > RefreshInterval)
                {
                    await runner.RefreshDefinitionsAsync(stop);
                    lastRefresh = DateTime.UtcNow;
                }
                if (await runner.RunOnceAsync(stop) > 0) continue;
                await runtime.Signal.WaitAsync(PollInterval, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogWarning(e, "Workflow worker round failed; retrying");
                await Task.Delay(PollInterval, stop).ContinueWith(_ => { });
            }
        }
    }
}
