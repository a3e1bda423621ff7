using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Workflows.Persistence;
using Platform.Tests;

namespace Platform.Runtime.Tests.Workflows;

/// <summary>
/// A database whose work queue an earlier version created (key id, unique idempotency index) keeps
/// working after the queue became keyed by its idempotency key: starts, timers and duplicates behave the same.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class WorkQueueUpgradeTests(string provider)
{
    // lc_wf_work as versions before the idempotency-keyed layout created it: the same columns, keyed by id, with a unique idempotency index.
    private static readonly SystemTable EarlierWork = Earlier(WorkflowTables.All.Single(t => t.Name == WorkflowTables.Work));

    private static SystemTable Earlier(SystemTable current) => current with
    {
        Columns = [.. current.Columns.Select(c => c.Name switch
        {
            "id" => c with { PrimaryKey = true },
            "idempotency_key" => c with { PrimaryKey = false, Nullable = false },
            _ => c,
        })],
        Indexes = [new("ux_lc_wf_work_idempotency", ["idempotency_key"], Unique: true), .. current.Indexes ?? []],
        StoredByKey = false,
    };

    [Test]
    public async Task An_earlier_queue_table_still_runs_a_timed_workflow_and_refuses_a_duplicate_key()
    {
        var h = await WorkflowHarness.CreateAsync(provider, async db =>
        {
            await using var scope = await db.BeginWriteAsync();
            foreach (var sql in EarlierWork.CreateStatements(db.Dialect)) await scope.Connection.ExecuteAsync(sql, transaction: scope.Transaction);
            await scope.CommitAsync();
        });
        await h.PublishAsync("""
        { "key": "remind", "name": "Remind", "trigger": { "type": "manual" }, "variables": { "reminded": false },
          "activities": [ { "id": "wait", "type": "delay", "properties": { "duration": "1h" } },
                          { "id": "mark", "type": "setVariable", "properties": { "name": "reminded", "value": true } } ],
          "connections": [ { "source": "wait", "outcome": "Done", "target": "mark" } ] }
        """);
        var id = await h.RunManualAsync("remind");
        await h.DrainAsync();
        Assert.That((await h.InstanceAsync(id)).Instance.Status, Is.EqualTo("suspended"), "the instance waits on its timer");

        var items = await h.Runtime.Queue.ListAsync();
        Assert.That(items.Select(i => i.Kind), Is.EqualTo(new[] { WorkKind.Timer }), "the timer is queued in the earlier table");
        await using (var scope = await h.Db.BeginWriteAsync())
        {
            var again = await h.Runtime.Queue.EnqueueAsync(scope, WorkKind.Timer, WorkflowHarness.App, "remind", id, new JsonObject(), h.Clock.GetUtcNow(), items[0].IdempotencyKey);
            Assert.That(again, Is.False, "a second item under the same idempotency key is not added");
            await scope.CommitAsync();
        }

        h.Clock.Advance(TimeSpan.FromHours(2));
        await h.DrainAsync();
        var detail = await h.InstanceAsync(id);
        Assert.That(detail.Instance.Status, Is.EqualTo("completed"));
        Assert.That(detail.Variables!["reminded"]!.GetValue<bool>(), Is.True);
        Assert.That(await h.CountAsync(WorkflowTables.Work), Is.EqualTo(0), "the fired timer left the queue");
    }
}
