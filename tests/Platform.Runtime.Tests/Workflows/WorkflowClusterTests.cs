using Platform.Runtime.Workflows.Persistence;
using Platform.Tests;

namespace Platform.Runtime.Tests.Workflows;

/// <summary>Several nodes on one database, one of them dying repeatedly mid-burst: every instance completes once, every side effect is sent with one key.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class WorkflowClusterTests(string provider)
{
    [Test]
    public async Task Two_live_nodes_and_one_dying_node_finish_every_instance_exactly_once()
    {
        var h = await WorkflowHarness.CreateAsync(provider);
        using var receiver = new RecordingReceiver(failFirst: 0);
        await h.PublishAsync($$"""
        { "key": "load", "name": "Load", "trigger": { "type": "manual" }, "variables": { "finished": 0 },
          "activities": [ { "id": "call", "type": "http", "properties": { "url": "{{receiver.Url}}", "body": { "n": { "expr": "vars.n" } } } },
                          { "id": "wait", "type": "delay", "properties": { "duration": "1m" } },
                          { "id": "done", "type": "setVariable", "properties": { "name": "finished", "value": { "expr": "vars.finished + 1" } } } ],
          "connections": [ { "source": "call", "outcome": "Done", "target": "wait" }, { "source": "wait", "outcome": "Done", "target": "done" } ] }
        """);
        const int count = 40;
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add(await h.RunManualAsync("load", new { n = i }));
        var a = h.Runtime.NewRunner("node-a");
        var b = h.Runtime.NewRunner("node-b");
        for (var round = 0; round < 200; round++)
        {
            // For a while the dying node claims some work and some outbox messages each round, then vanishes without a word.
            var dying = round < 30 ? Task.Run(async () =>
            {
                await h.Runtime.Queue.ClaimAsync("node-dying", 3, TimeSpan.FromSeconds(30));
                await h.Runtime.Outbox.ClaimAsync("node-dying", 2, TimeSpan.FromSeconds(30));
                return 0;
            }) : Task.FromResult(0);
            var handled = await Task.WhenAll(Task.Run(() => a.RunOnceAsync()), Task.Run(() => b.RunOnceAsync()), dying);
            if (handled.Sum() == 0) h.Clock.Advance(TimeSpan.FromSeconds(31));
            var open = (await h.Runtime.Instances.ListAsync(WorkflowHarness.App, "load", "completed", 1000)).Count;
            if (open == count && (await h.Runtime.Queue.ListAsync()).Count == 0) break;
        }
        var completed = await h.Runtime.Instances.ListAsync(WorkflowHarness.App, "load", "completed", 1000);
        var all = await h.Runtime.Instances.ListAsync(WorkflowHarness.App, "load", null, 1000);
        TestContext.Out.WriteLine(string.Join(", ", all.GroupBy(i => i.Status).Select(g => $"{g.Key}: {g.Count()}")) + $"; queued: {(await h.Runtime.Queue.ListAsync()).Count}");
        Assert.That(completed, Has.Count.EqualTo(count));
        foreach (var id in ids.Take(10))
        {
            var detail = await h.InstanceAsync(id);
            Assert.That(detail.Variables!["finished"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(detail.Journal.Count(j => j.ActivityId == "done" && j.Kind == "executed"), Is.EqualTo(1));
        }
        lock (receiver.Keys)
        {
            Assert.That(receiver.Keys.Distinct().Count(), Is.EqualTo(count), "one idempotency key per side effect");
            Assert.That(receiver.Keys.Count, Is.EqualTo(count), "nothing was sent twice: claims of the dead node only delay delivery");
        }
        Assert.That(await h.CountAsync(WorkflowTables.Outbox, "status = 'delivered'"), Is.EqualTo(count));
        Assert.That(await h.CountAsync(WorkflowTables.Incidents), Is.EqualTo(0));
    }
}
