using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Persistence;
using Platform.Tests;

namespace Platform.Runtime.Tests.Workflows;

/// <summary>
/// A database whose work queue an earlier version created (key id with a unique idempotency index, or
/// stored by its idempotency key) keeps working after an upgrade (on SQLite the table is rebuilt in its
/// own layout at start): starts, timers and duplicates behave the same, and items queued before run once.
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

    // lc_wf_work as the version before SQLite's own layout created it: stored by its idempotency key, with a due index.
    private static readonly SystemTable KeyStoredWork = WorkflowTables.All.Single(t => t.Name == WorkflowTables.Work);

    private static readonly Caller Rep = new("u-rep", "zhang.san", false, null, []);

    [TestCase(false)]
    [TestCase(true)]
    public async Task Starts_queued_in_an_earlier_table_run_exactly_once_after_the_upgrade_and_new_starts_follow(bool keyStored)
    {
        var start = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero); // the harness clock's start
        var queued = new List<string>();
        var h = await WorkflowHarness.CreateAsync(provider, async db =>
        {
            await using var scope = await db.BeginWriteAsync();
            foreach (var sql in (keyStored ? KeyStoredWork : EarlierWork).CreateStatements(db.Dialect))
                await scope.Connection.ExecuteAsync(sql, transaction: scope.Transaction);
            // Two record starts waiting, one of them claimed by a node that died (its lease ran out a minute ago).
            foreach (var (record, leasedBy) in new[] { ("r1", (string?)null), ("r2", "node-that-died") })
            {
                var instanceId = Guid.CreateVersion7().ToString();
                queued.Add(instanceId);
                var trigger = new JsonObject { ["kind"] = "record.created", ["recordId"] = record, ["record"] = new JsonObject { ["name"] = "客户 " + record } };
                await scope.Connection.ExecuteAsync(
                    $"INSERT INTO {db.Dialect.Quote(WorkflowTables.Work)} (id, kind, app, workflow_key, instance_id, payload, due_at, lease_owner, lease_until, attempts, idempotency_key, created_at) " +
                    "VALUES (@id, 'start', @app, 'greet', @instanceId, @payload, @due, @leasedBy, @until, @attempts, @key, @due)",
                    new
                    {
                        id = Guid.CreateVersion7().ToString(), app = WorkflowHarness.App, instanceId, payload = new JsonObject { ["trigger"] = trigger }.ToJsonString(),
                        due = start.ToUnixTimeMilliseconds(), leasedBy, until = leasedBy is null ? (long?)null : start.AddMinutes(-1).ToUnixTimeMilliseconds(),
                        attempts = leasedBy is null ? 0L : 1L, key = "start:" + instanceId,
                    }, scope.Transaction);
            }
            await scope.CommitAsync();
        });
        await h.PublishAsync("""
        { "key": "greet", "name": "Greet", "trigger": { "type": "record.created", "model": "lead" }, "variables": { "greeting": "" },
          "activities": [ { "id": "hello", "type": "setVariable", "properties": { "name": "greeting", "value": { "expr": "'你好 ' + trigger.record.name" } } } ] }
        """);
        Assert.That((await h.Runtime.Queue.ListAsync()).Select(i => i.InstanceId), Is.EquivalentTo(queued), "the queued starts survived the upgrade");

        // A record created after the upgrade starts the workflow too.
        await using (var scope = await h.Db.BeginWriteAsync())
        {
            await h.Runtime.RecordListener.OnChangedAsync(new RecordChange(WorkflowHarness.App, "lead", "r3", RecordChangeKind.Created,
                null, new JsonObject { ["name"] = "客户 r3" }, Rep, h.Clock.GetUtcNow()), scope, default);
            await scope.CommitAsync();
        }
        await h.DrainAsync();
        await h.DrainAsync();

        var instances = await h.Runtime.Instances.ListAsync(WorkflowHarness.App, "greet", null);
        Assert.That(instances.Select(i => i.Correlation), Is.EquivalentTo(new[] { "r1", "r2", "r3" }), "each start ran exactly once");
        foreach (var summary in instances)
        {
            var detail = await h.InstanceAsync(summary.Id);
            Assert.That(detail.Instance.Status, Is.EqualTo("completed"));
            Assert.That(detail.Variables!["greeting"]!.GetValue<string>(), Is.EqualTo("你好 客户 " + summary.Correlation));
            Assert.That(detail.Journal.Count(l => l.Kind == "started"), Is.EqualTo(1), "the instance started once");
        }
        Assert.That(instances.Where(i => i.Correlation != "r3").Select(i => i.Id), Is.EquivalentTo(queued), "the queued starts kept their instance ids");
        Assert.That(await h.CountAsync(WorkflowTables.Work), Is.EqualTo(0), "the queue is empty");
    }

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
