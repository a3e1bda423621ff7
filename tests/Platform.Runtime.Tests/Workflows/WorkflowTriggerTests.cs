using Dapper;
using System.Net;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Persistence;
using Platform.Tests;

namespace Platform.Runtime.Tests.Workflows;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class WorkflowTriggerTests(string provider)
{
    private WorkflowHarness _h = null!;
    private static readonly Caller Rep = new("u-rep", "zhang.san", false, null, []);

    [SetUp]
    public async Task Create() => _h = await WorkflowHarness.CreateAsync(provider);

    private async Task ChangeAsync(RecordChangeKind kind, string id, string? before, string? after, bool commit = true)
    {
        await using var scope = await _h.Db.BeginWriteAsync();
        await _h.Runtime.RecordListener.OnChangedAsync(new RecordChange(WorkflowHarness.App, "lead", id, kind,
            before is null ? null : (JsonObject)JsonNode.Parse(before)!, after is null ? null : (JsonObject)JsonNode.Parse(after)!, Rep, _h.Clock.GetUtcNow()), scope, default);
        if (commit) await scope.CommitAsync();
    }

    private async Task<List<InstanceDetail>> InstancesAsync(string key)
    {
        var list = await _h.Runtime.Instances.ListAsync(WorkflowHarness.App, key, null);
        return [.. await Task.WhenAll(list.Select(i => _h.InstanceAsync(i.Id)))];
    }

    [Test]
    public async Task A_record_created_trigger_starts_only_for_records_matching_its_filter_and_only_when_the_write_commits()
    {
        await _h.PublishAsync("""
        { "key": "big-lead", "name": "Big lead", "trigger": { "type": "record.created", "model": "lead",
            "filter": { "and": [ { "field": "industry", "op": "eq", "value": "新能源" }, { "field": "budget", "op": "gt", "value": 1000000 } ] } },
          "activities": [ { "id": "tag", "type": "setVariable", "properties": { "name": "owner", "value": { "expr": "trigger.record.name + ' → group A'" } } } ] }
        """);
        await ChangeAsync(RecordChangeKind.Created, "r1", null, """{"name":"宁德电池","industry":"新能源","budget":2000000}""");
        await ChangeAsync(RecordChangeKind.Created, "r2", null, """{"name":"小饭店","industry":"餐饮","budget":2000000}""");
        await ChangeAsync(RecordChangeKind.Created, "r3", null, """{"name":"回滚的","industry":"新能源","budget":5000000}""", commit: false);
        await _h.DrainAsync();
        var runs = await InstancesAsync("big-lead");
        Assert.That(runs, Has.Count.EqualTo(1));
        Assert.That(runs[0].Variables!["owner"]!.GetValue<string>(), Is.EqualTo("宁德电池 → group A"));
        Assert.That(runs[0].Trigger!["caller"]!["userName"]!.GetValue<string>(), Is.EqualTo("zhang.san"));
        Assert.That(runs[0].Instance.Correlation, Is.EqualTo("r1"));
    }

    [Test]
    public async Task A_start_queued_with_the_changes_history_entry_names_it_and_the_instance_still_sees_record_before_and_changed()
    {
        await _h.PublishAsync("""
        { "key": "upd", "name": "Updated", "trigger": { "type": "record.updated", "model": "lead" },
          "activities": [ { "id": "x", "type": "setVariable", "properties": { "name": "seen",
            "value": { "expr": "trigger.record.amount + '/' + trigger.before.amount + '/' + trigger.changed.join(',')" } } } ] }
        """);
        var change = new RecordChange(WorkflowHarness.App, "lead", "r1", RecordChangeKind.Updated, (JsonObject)JsonNode.Parse("""{"name":"宁德电池","amount":100}""")!,
            (JsonObject)JsonNode.Parse("""{"name":"宁德电池","amount":40}""")!, Rep, _h.Clock.GetUtcNow());
        await using (var scope = await _h.Db.BeginWriteAsync())
        {
            await new AuditLog(_h.Db).WriteAsync(scope, change, default);
            await _h.Runtime.RecordListener.OnChangedAsync(change, scope, default);
            // The record create's transaction writes the values once, in the history, and the queued start names that entry.
            var payload = await scope.Connection.ExecuteScalarAsync<string>("SELECT payload FROM lc_wf_work", transaction: scope.Transaction);
            Assert.That(payload, Does.Contain(change.AuditId).And.Not.Contain("宁德电池"));
            await scope.CommitAsync();
        }
        await _h.DrainAsync();
        var runs = await InstancesAsync("upd");
        Assert.That(runs, Has.Count.EqualTo(1));
        Assert.That(runs[0].Variables!["seen"]!.GetValue<string>(), Is.EqualTo("40/100/amount"));
        Assert.That(runs[0].Trigger!["record"]!["name"]!.GetValue<string>(), Is.EqualTo("宁德电池"));
        Assert.That(runs[0].Trigger!["caller"]!["userName"]!.GetValue<string>(), Is.EqualTo("zhang.san"));
        Assert.That(runs[0].Trigger!.AsObject().ContainsKey("auditId"), Is.False, "the instance's trigger input is the same as a copied one");
    }

    [Test]
    public async Task A_field_changed_trigger_fires_only_on_the_named_transition()
    {
        await _h.PublishAsync("""
        { "key": "stage-gate", "name": "Stage gate", "trigger": { "type": "field.changed", "model": "lead", "field": "stage", "from": "需求确认", "to": "方案确认" },
          "activities": [ { "id": "note", "type": "setVariable", "properties": { "name": "moved", "value": { "expr": "trigger.from + ' → ' + trigger.to" } } } ] }
        """);
        await ChangeAsync(RecordChangeKind.Updated, "r1", """{"stage":"需求确认","amount":1}""", """{"stage":"方案确认","amount":1}""");
        await ChangeAsync(RecordChangeKind.Updated, "r2", """{"stage":"初步接触"}""", """{"stage":"方案确认"}""");
        await ChangeAsync(RecordChangeKind.Updated, "r3", """{"stage":"需求确认","amount":1}""", """{"stage":"需求确认","amount":2}""");
        await _h.DrainAsync();
        var runs = await InstancesAsync("stage-gate");
        Assert.That(runs.Select(r => r.Instance.Correlation), Is.EqualTo(new[] { "r1" }));
        Assert.That(runs[0].Variables!["moved"]!.GetValue<string>(), Is.EqualTo("需求确认 → 方案确认"));
    }

    [Test]
    public async Task A_record_updated_trigger_with_a_condition_sees_before_and_after()
    {
        await _h.PublishAsync("""
        { "key": "drop", "name": "Amount dropped", "trigger": { "type": "record.updated", "model": "lead", "condition": "record.amount < before.amount / 2" },
          "activities": [ { "id": "x", "type": "setVariable", "properties": { "name": "hit", "value": true } } ] }
        """);
        await ChangeAsync(RecordChangeKind.Updated, "r1", """{"amount":100}""", """{"amount":40}""");
        await ChangeAsync(RecordChangeKind.Updated, "r2", """{"amount":100}""", """{"amount":90}""");
        await ChangeAsync(RecordChangeKind.Deleted, "r3", """{"amount":100}""", null);
        await _h.DrainAsync();
        Assert.That((await InstancesAsync("drop")).Select(r => r.Instance.Correlation), Is.EqualTo(new[] { "r1" }));
    }

    [Test]
    public async Task A_relative_date_trigger_fires_72_hours_after_the_date_and_is_rearmed_when_the_date_changes()
    {
        await _h.PublishAsync("""
        { "key": "follow-up", "name": "Follow up", "trigger": { "type": "date.relative", "model": "lead", "field": "last_contact_at", "offset": "72h" },
          "activities": [ { "id": "todo", "type": "setVariable", "properties": { "name": "todo", "value": { "expr": "'call ' + trigger.record.name" } } } ] }
        """);
        var t0 = _h.Clock.GetUtcNow();
        await ChangeAsync(RecordChangeKind.Created, "r1", null, $$"""{"name":"A公司","last_contact_at":"{{t0:O}}"}""");
        _h.Clock.Advance(TimeSpan.FromHours(48));
        // Contacted again: the reminder moves to 72 h after the new contact.
        var t1 = _h.Clock.GetUtcNow();
        await ChangeAsync(RecordChangeKind.Updated, "r1", $$"""{"name":"A公司","last_contact_at":"{{t0:O}}"}""", $$"""{"name":"A公司","last_contact_at":"{{t1:O}}"}""");
        _h.Clock.Advance(TimeSpan.FromHours(30)); // 78 h after the first contact, 30 h after the second
        await _h.DrainAsync();
        Assert.That(await InstancesAsync("follow-up"), Is.Empty);
        _h.Clock.Advance(TimeSpan.FromHours(43));
        await _h.DrainAsync();
        var runs = await InstancesAsync("follow-up");
        Assert.That(runs, Has.Count.EqualTo(1));
        Assert.That(runs[0].Variables!["todo"]!.GetValue<string>(), Is.EqualTo("call A公司"));
    }

    [Test]
    public async Task A_schedule_fires_on_time_and_catches_up_missed_occurrences_once()
    {
        await _h.PublishAsync("""
        { "key": "hourly", "name": "Hourly", "trigger": { "type": "schedule", "cron": "0 * * * *" },
          "activities": [ { "id": "x", "type": "setVariable", "properties": { "name": "at", "value": { "expr": "trigger.occurrence" } } } ] }
        """);
        await _h.DrainAsync();
        Assert.That(await InstancesAsync("hourly"), Is.Empty, "09:00 exactly was published; the next occurrence is 10:00");
        _h.Clock.Advance(TimeSpan.FromMinutes(61));
        await _h.DrainAsync();
        Assert.That(await InstancesAsync("hourly"), Has.Count.EqualTo(1));
        // Five hours of downtime: the missed occurrences fire once, then the schedule goes on from now.
        _h.Clock.Advance(TimeSpan.FromHours(5));
        await _h.DrainAsync();
        Assert.That(await InstancesAsync("hourly"), Has.Count.EqualTo(2));
        var next = (await _h.Runtime.Queue.ListAsync()).Single();
        Assert.That(next.DueAt, Is.EqualTo(new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task Publishing_refuses_broken_definitions_and_names_the_activity()
    {
        Task<ValidationFailedException> Refused(string json) => Task.FromResult(Assert.ThrowsAsync<ValidationFailedException>(() => _h.PublishAsync(json))!);
        var unknown = await Refused("""{ "key": "w1", "name": "x", "trigger": { "type": "manual" }, "activities": [ { "id": "s1", "type": "teleport" } ] }""");
        Assert.That(unknown.Errors["activities.s1"][0], Does.Contain("unknown type 'teleport'"));
        var dangling = await Refused("""{ "key": "w2", "name": "x", "trigger": { "type": "manual" }, "activities": [ { "id": "a", "type": "end" } ], "connections": [ { "source": "a", "outcome": "Done", "target": "ghost" } ] }""");
        Assert.That(dangling.Errors["activities.a"][0], Does.Contain("'ghost'"));
        var cycle = await Refused("""
          { "key": "w3", "name": "x", "trigger": { "type": "manual" }, "activities": [
              { "id": "a", "type": "setVariable", "properties": { "name": "n", "value": 1 } }, { "id": "b", "type": "condition", "properties": { "condition": "true" } } ],
            "connections": [ { "source": "a", "outcome": "Done", "target": "b" }, { "source": "b", "outcome": "True", "target": "a" } ] }
          """);
        Assert.That(cycle.Errors.Single().Value[0], Does.Contain("'a' → 'b'").And.Contain("cycle"));
        var badExpr = await Refused("""{ "key": "w4", "name": "x", "trigger": { "type": "manual" }, "activities": [ { "id": "check", "type": "condition", "properties": { "condition": "vars.amount >" } } ] }""");
        Assert.That(badExpr.Errors["activities.check"][0], Does.Contain("does not parse"));
        var badTrigger = await Refused("""{ "key": "w5", "name": "x", "trigger": { "type": "schedule", "cron": "every day" }, "activities": [ { "id": "e", "type": "end" } ] }""");
        Assert.That(badTrigger.Errors.Keys, Does.Contain("trigger.cron"));
        Assert.That((await _h.Runtime.Definitions.ListAsync(WorkflowHarness.App)).All(w => w.Status == "draft" && w.PublishedVersion is null), Is.True, "nothing was published");
        // A loop through a waiting activity is fine.
        await _h.PublishAsync("""
          { "key": "w6", "name": "poll", "trigger": { "type": "manual" }, "activities": [
              { "id": "wait", "type": "delay", "properties": { "duration": "1h" } }, { "id": "b", "type": "condition", "properties": { "condition": "true" } } ],
            "connections": [ { "source": "wait", "outcome": "Done", "target": "b" }, { "source": "b", "outcome": "True", "target": "wait" } ] }
          """);
    }

    [Test]
    public async Task An_http_step_goes_through_the_outbox_with_one_idempotency_key_across_retries_and_resumes_with_the_response()
    {
        using var receiver = new RecordingReceiver(failFirst: 1);
        await _h.PublishAsync($$"""
        { "key": "call", "name": "Call ERP", "trigger": { "type": "manual" },
          "activities": [ { "id": "post", "type": "http", "properties": { "url": "{{receiver.Url}}orders", "body": { "order": { "expr": "vars.order" } } } },
                          { "id": "ok", "type": "setVariable", "properties": { "name": "erpId", "value": { "expr": "outputs.post.body.id" } } } ],
          "connections": [ { "source": "post", "outcome": "Done", "target": "ok" } ] }
        """);
        var id = await _h.RunManualAsync("call", new { order = "HT-1" });
        await _h.DrainAsync();
        Assert.That(receiver.Keys, Has.Count.EqualTo(1), "first attempt answered 503");
        Assert.That((await _h.InstanceAsync(id)).Instance.Status, Is.EqualTo("suspended"));
        _h.Clock.Advance(TimeSpan.FromSeconds(5));
        await _h.DrainAsync();
        Assert.That(receiver.Keys, Has.Count.EqualTo(2));
        Assert.That(receiver.Keys.Distinct().Count(), Is.EqualTo(1), "the retry carried the same idempotency key");
        Assert.That(receiver.Bodies.Last(), Does.Contain("HT-1"));
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["erpId"]!.GetValue<string>(), Is.EqualTo("ERP-42"));
        // Delivered messages are never sent again, whatever node looks later.
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.Runtime.NewRunner("node-c").RunUntilIdleAsync();
        Assert.That(receiver.Keys, Has.Count.EqualTo(2));
        Assert.That((await _h.Runtime.Outbox.ListAsync(id)).Single().Status, Is.EqualTo("delivered"));
    }
}
