using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Persistence;
using Platform.Tests;

namespace Platform.Runtime.Tests.Workflows;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class WorkflowEngineTests(string provider)
{
    private WorkflowHarness _h = null!;

    [SetUp]
    public async Task Create() => _h = await WorkflowHarness.CreateAsync(provider);

    [Test]
    public async Task A_started_instance_runs_to_completion_and_its_journal_tells_the_path()
    {
        await _h.PublishAsync("""
        { "key": "greet", "name": "Greet", "trigger": { "type": "manual" }, "variables": { "greeting": "" },
          "activities": [
            { "id": "set", "type": "setVariable", "name": "Compose", "properties": { "name": "greeting", "value": { "expr": "'你好, ' + vars.who" } } },
            { "id": "end", "type": "end" } ],
          "connections": [ { "source": "set", "outcome": "Done", "target": "end" } ] }
        """);
        var id = await _h.RunManualAsync("greet", new { who = "王经理" });
        await _h.DrainAsync();
        var detail = await _h.InstanceAsync(id);
        Assert.That(detail.Instance.Status, Is.EqualTo("completed"));
        Assert.That(detail.Variables!["greeting"]!.GetValue<string>(), Is.EqualTo("你好, 王经理"));
        var messages = detail.Journal.Select(j => j.Message).ToList();
        Assert.That(messages[0], Does.StartWith("Started by manual"));
        Assert.That(messages, Has.Some.Contains("setVariable 'Compose' → Done: greeting = \"你好, 王经理\""));
        Assert.That(messages.Last(), Does.StartWith("Completed"));
        Assert.That(await _h.CountAsync(WorkflowTables.Work), Is.EqualTo(0), "the queue is empty after the run");
    }

    [Test]
    public async Task A_condition_takes_the_branch_its_expression_chooses_and_says_why()
    {
        await _h.PublishAsync("""
        { "key": "route", "name": "Route", "trigger": { "type": "manual" },
          "activities": [
            { "id": "big", "type": "condition", "properties": { "condition": "vars.amount >= 1000000" } },
            { "id": "senior", "type": "setVariable", "properties": { "name": "group", "value": "senior" } },
            { "id": "junior", "type": "setVariable", "properties": { "name": "group", "value": "junior" } } ],
          "connections": [ { "source": "big", "outcome": "True", "target": "senior" }, { "source": "big", "outcome": "False", "target": "junior" } ] }
        """);
        var large = await _h.RunManualAsync("route", new { amount = 2_000_000 });
        var small = await _h.RunManualAsync("route", new { amount = 5_000 });
        await _h.DrainAsync();
        var l = await _h.InstanceAsync(large);
        var s = await _h.InstanceAsync(small);
        Assert.That(l.Variables!["group"]!.GetValue<string>(), Is.EqualTo("senior"));
        Assert.That(s.Variables!["group"]!.GetValue<string>(), Is.EqualTo("junior"));
        Assert.That(s.Journal.Select(j => j.Message), Has.Some.Contains("→ False: vars.amount >= 1000000 is false"));
    }

    [Test]
    public async Task A_switch_names_the_rule_row_that_matched()
    {
        await _h.PublishAsync("""
        { "key": "grade", "name": "Grade", "trigger": { "type": "manual" },
          "activities": [
            { "id": "sw", "type": "switch", "properties": { "cases": [
                { "name": "A", "condition": "vars.score >= 80" }, { "name": "B", "condition": { "expr": "vars.score >= 50" } } ] } },
            { "id": "a", "type": "setVariable", "properties": { "name": "grade", "value": "A" } },
            { "id": "b", "type": "setVariable", "properties": { "name": "grade", "value": "B" } },
            { "id": "c", "type": "setVariable", "properties": { "name": "grade", "value": "C" } } ],
          "connections": [ { "source": "sw", "outcome": "A", "target": "a" }, { "source": "sw", "outcome": "B", "target": "b" }, { "source": "sw", "outcome": "Default", "target": "c" } ] }
        """);
        var b = await _h.RunManualAsync("grade", new { score = 60 });
        var c = await _h.RunManualAsync("grade", new { score = 10 });
        await _h.DrainAsync();
        var bd = await _h.InstanceAsync(b);
        Assert.That(bd.Variables!["grade"]!.GetValue<string>(), Is.EqualTo("B"));
        Assert.That(bd.Journal.Select(j => j.Message), Has.Some.Contains("case 2 'B' matched"));
        Assert.That((await _h.InstanceAsync(c)).Variables!["grade"]!.GetValue<string>(), Is.EqualTo("C"));
    }

    [Test]
    public async Task Fork_and_join_all_waits_for_the_branch_on_a_timer_then_continues_once()
    {
        await _h.PublishAsync("""
        { "key": "parallel", "name": "Parallel", "trigger": { "type": "manual" }, "variables": { "count": 0 },
          "activities": [
            { "id": "fork", "type": "fork", "properties": { "branches": ["fast", "slow"] } },
            { "id": "x", "type": "setVariable", "properties": { "name": "x", "value": 1 } },
            { "id": "wait", "type": "delay", "properties": { "duration": "1h" } },
            { "id": "y", "type": "setVariable", "properties": { "name": "y", "value": 2 } },
            { "id": "join", "type": "join", "properties": { "mode": "all" } },
            { "id": "after", "type": "setVariable", "properties": { "name": "count", "value": { "expr": "vars.count + 1" } } } ],
          "connections": [
            { "source": "fork", "outcome": "fast", "target": "x" }, { "source": "fork", "outcome": "slow", "target": "wait" },
            { "source": "wait", "outcome": "Done", "target": "y" },
            { "source": "x", "outcome": "Done", "target": "join" }, { "source": "y", "outcome": "Done", "target": "join" },
            { "source": "join", "outcome": "Done", "target": "after" } ] }
        """);
        var id = await _h.RunManualAsync("parallel");
        await _h.DrainAsync();
        var waiting = await _h.InstanceAsync(id);
        Assert.That(waiting.Instance.Status, Is.EqualTo("suspended"));
        Assert.That(waiting.WaitingFor, Is.EqualTo(new[] { "timer" }));
        Assert.That(waiting.Journal.Select(j => j.Message), Has.Some.Contains("1 of 2 branches arrived"));
        _h.Clock.Advance(TimeSpan.FromMinutes(61));
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["count"]!.GetValue<long>(), Is.EqualTo(1), "the step after the join ran exactly once");
        Assert.That(done.Variables!["y"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Join_any_continues_on_the_first_branch_and_ignores_the_later_one()
    {
        await _h.PublishAsync("""
        { "key": "race", "name": "Race", "trigger": { "type": "manual" }, "variables": { "count": 0 },
          "activities": [
            { "id": "fork", "type": "fork", "properties": { "branches": ["a", "b"] } },
            { "id": "a", "type": "setVariable", "properties": { "name": "a", "value": true } },
            { "id": "b", "type": "setVariable", "properties": { "name": "b", "value": true } },
            { "id": "join", "type": "join", "properties": { "mode": "any" } },
            { "id": "after", "type": "setVariable", "properties": { "name": "count", "value": { "expr": "vars.count + 1" } } } ],
          "connections": [
            { "source": "fork", "outcome": "a", "target": "a" }, { "source": "fork", "outcome": "b", "target": "b" },
            { "source": "a", "outcome": "Done", "target": "join" }, { "source": "b", "outcome": "Done", "target": "join" },
            { "source": "join", "outcome": "Done", "target": "after" } ] }
        """);
        var id = await _h.RunManualAsync("race");
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Variables!["count"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(done.Journal.Select(j => j.Message), Has.Some.Contains("arrived after the first; ignored"));
    }

    [Test]
    public async Task For_each_runs_the_body_for_every_item_of_a_list()
    {
        await _h.PublishAsync("""
        { "key": "loop", "name": "Loop", "trigger": { "type": "manual" }, "variables": { "total": 0 },
          "activities": [
            { "id": "each", "type": "forEach", "properties": { "items": { "expr": "vars.amounts" }, "variable": "amount" } },
            { "id": "add", "type": "setVariable", "properties": { "name": "total", "value": { "expr": "vars.total + vars.amount" } } },
            { "id": "end", "type": "end" } ],
          "connections": [ { "source": "each", "outcome": "Iterate", "target": "add" }, { "source": "add", "outcome": "Done", "target": "each" },
                           { "source": "each", "outcome": "Done", "target": "end" } ] }
        """);
        var id = await _h.RunManualAsync("loop", new { amounts = new[] { 10, 20, 30, 40 } });
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"), string.Join("; ", done.Incidents.Select(i => i.Error)));
        Assert.That(done.Variables!["total"]!.GetValue<long>(), Is.EqualTo(100));
    }

    [Test]
    public async Task A_timer_missed_during_downtime_fires_when_a_node_comes_back()
    {
        await _h.PublishAsync("""
        { "key": "remind", "name": "Remind", "trigger": { "type": "manual" },
          "activities": [ { "id": "wait", "type": "delay", "properties": { "duration": "72h" } },
                          { "id": "mark", "type": "setVariable", "properties": { "name": "reminded", "value": true } } ],
          "connections": [ { "source": "wait", "outcome": "Done", "target": "mark" } ] }
        """);
        var id = await _h.RunManualAsync("remind");
        await _h.DrainAsync();
        _h.Clock.Advance(TimeSpan.FromHours(71));
        await _h.DrainAsync();
        Assert.That((await _h.InstanceAsync(id)).Instance.Status, Is.EqualTo("suspended"), "not due yet");
        // The platform is down for five days; a fresh node (another runner) starts afterwards.
        _h.Clock.Advance(TimeSpan.FromDays(5));
        await _h.Runtime.NewRunner("node-after-restart").RunUntilIdleAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["reminded"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task A_working_day_delay_skips_the_weekend()
    {
        await _h.PublishAsync("""
        { "key": "wd", "name": "Working days", "trigger": { "type": "manual" },
          "activities": [ { "id": "wait", "type": "delay", "properties": { "duration": "1d", "workingDays": true } },
                          { "id": "mark", "type": "setVariable", "properties": { "name": "done", "value": true } } ],
          "connections": [ { "source": "wait", "outcome": "Done", "target": "mark" } ] }
        """);
        var id = await _h.RunManualAsync("wd"); // Friday 09:00
        await _h.DrainAsync();
        _h.Clock.Advance(TimeSpan.FromDays(2)); // Sunday
        await _h.DrainAsync();
        Assert.That((await _h.InstanceAsync(id)).Instance.Status, Is.EqualTo("suspended"));
        _h.Clock.Advance(TimeSpan.FromDays(1)); // Monday 09:00
        await _h.DrainAsync();
        Assert.That((await _h.InstanceAsync(id)).Instance.Status, Is.EqualTo("completed"));
    }

    [Test]
    public async Task Work_claimed_by_a_node_that_died_is_taken_over_after_its_lease_and_runs_once()
    {
        await _h.PublishAsync("""
        { "key": "once", "name": "Once", "trigger": { "type": "manual" }, "variables": { "n": 0 },
          "activities": [ { "id": "inc", "type": "setVariable", "properties": { "name": "n", "value": { "expr": "vars.n + 1" } } } ] }
        """);
        var id = await _h.RunManualAsync("once");
        var dead = _h.Runtime.NewRunner("node-dead", TimeSpan.FromSeconds(30));
        var claimed = await _h.Runtime.Queue.ClaimAsync(dead.NodeId, 10, dead.Lease); // claimed, then the node dies mid-burst
        Assert.That(claimed, Has.Count.EqualTo(1));
        var other = _h.Runtime.NewRunner("node-b");
        await other.RunUntilIdleAsync();
        Assert.That(await _h.CountAsync(WorkflowTables.Instances), Is.EqualTo(0), "the lease still protects the item");
        _h.Clock.Advance(TimeSpan.FromSeconds(31));
        await other.RunUntilIdleAsync();
        Assert.That((await _h.InstanceAsync(id)).Instance.Status, Is.EqualTo("completed"));
        // The dead node wakes up late: its lease is gone, so it does nothing.
        Assert.That(await _h.Runtime.Engine.ProcessAsync(claimed[0], dead.NodeId), Is.False);
        Assert.That(await _h.CountAsync(WorkflowTables.Instances), Is.EqualTo(1));
        Assert.That((await _h.InstanceAsync(id)).Variables!["n"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_failing_step_becomes_an_incident_and_a_retry_continues_from_that_step()
    {
        await _h.PublishAsync("""
        { "key": "book", "name": "Book order", "trigger": { "type": "manual" },
          "activities": [ { "id": "before", "type": "setVariable", "properties": { "name": "steps", "value": 1 } },
                          { "id": "erp", "type": "external", "name": "Book in ERP", "properties": { "order": { "expr": "vars.order" } } },
                          { "id": "after", "type": "setVariable", "properties": { "name": "finished", "value": true } } ],
          "connections": [ { "source": "before", "outcome": "Done", "target": "erp" }, { "source": "erp", "outcome": "Done", "target": "after" } ] }
        """);
        var id = await _h.RunManualAsync("book", new { order = "HT-202611-0001" });
        await _h.DrainAsync();
        var faulted = await _h.InstanceAsync(id);
        Assert.That(faulted.Instance.Status, Is.EqualTo("faulted"));
        var incident = faulted.Incidents.Single();
        Assert.That(incident.ActivityId, Is.EqualTo("erp"));
        Assert.That(incident.Error, Does.Contain("did not answer for order HT-202611-0001"));
        Assert.That(incident.Inputs!["order"]!.GetValue<string>(), Is.EqualTo("HT-202611-0001"));
        Assert.That(faulted.Journal.Select(j => j.Message), Has.Some.Contains("external 'Book in ERP' failed"));

        _h.External.Up = true;
        await _h.Runtime.Engine.RequestRetryAsync(id);
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["erp"]!.GetValue<string>(), Is.EqualTo("booked HT-202611-0001"));
        Assert.That(done.Variables!["finished"]!.GetValue<bool>(), Is.True);
        Assert.That(done.Incidents.Single().ResolvedAt, Is.Not.Null);
        Assert.That(done.Journal.Count(j => j.ActivityId == "before" && j.Kind == "executed"), Is.EqualTo(1), "steps before the failure did not run again");
    }

    [Test]
    public async Task A_running_instance_keeps_its_version_when_a_new_one_is_published()
    {
        const string template = """
        { "key": "pinned", "name": "Pinned", "trigger": { "type": "manual" },
          "activities": [ { "id": "wait", "type": "delay", "properties": { "duration": "1h" } },
                          { "id": "mark", "type": "setVariable", "properties": { "name": "ranOn", "value": "VERSION" } } ],
          "connections": [ { "source": "wait", "outcome": "Done", "target": "mark" } ] }
        """;
        Assert.That(await _h.PublishAsync(template.Replace("VERSION", "one")), Is.EqualTo(1));
        var old = await _h.RunManualAsync("pinned");
        await _h.DrainAsync();
        Assert.That(await _h.PublishAsync(template.Replace("VERSION", "two")), Is.EqualTo(2));
        var fresh = await _h.RunManualAsync("pinned");
        await _h.DrainAsync();
        _h.Clock.Advance(TimeSpan.FromHours(2));
        await _h.DrainAsync();
        var o = await _h.InstanceAsync(old);
        var f = await _h.InstanceAsync(fresh);
        Assert.That((o.Instance.Version, o.Variables!["ranOn"]!.GetValue<string>()), Is.EqualTo((1L, "one")));
        Assert.That((f.Instance.Version, f.Variables!["ranOn"]!.GetValue<string>()), Is.EqualTo((2L, "two")));
        var list = await _h.Runtime.Definitions.ListAsync(WorkflowHarness.App);
        Assert.That(list.Single().PublishedVersion, Is.EqualTo(2));
    }

    [Test]
    public async Task A_signal_resumes_a_waiting_instance_once()
    {
        await _h.PublishAsync("""
        { "key": "approve", "name": "Approve", "trigger": { "type": "manual" },
          "activities": [ { "id": "wait", "type": "signal", "properties": { "signal": "approved", "variable": "decision" } },
                          { "id": "end", "type": "end" } ],
          "connections": [ { "source": "wait", "outcome": "Done", "target": "end" } ] }
        """);
        var id = await _h.RunManualAsync("approve");
        await _h.DrainAsync();
        Assert.That(await _h.Runtime.Engine.SignalAsync(id, "rejected", null), Is.False, "it does not wait for that signal");
        Assert.That(await _h.Runtime.Engine.SignalAsync(id, "approved", JsonNode.Parse("""{"by":"director"}""")), Is.True);
        Assert.That(await _h.Runtime.Engine.SignalAsync(id, "approved", JsonNode.Parse("""{"by":"someone else"}""")), Is.True, "a second request queues the same resume");
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["decision"]!["by"]!.GetValue<string>(), Is.EqualTo("director"));
        Assert.That(done.Journal.Count(j => j.Kind == "resumed"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_end_step_takes_the_instance_s_pending_timer_out_of_the_queue()
    {
        await _h.PublishAsync("""
        { "key": "race", "name": "Race", "trigger": { "type": "manual" }, "variables": { "late": false },
          "activities": [ { "id": "fork", "type": "fork", "properties": { "branches": ["timer", "stop"] } },
                          { "id": "wait", "type": "delay", "properties": { "duration": "1h" } },
                          { "id": "late", "type": "setVariable", "properties": { "name": "late", "value": true } },
                          { "id": "stop", "type": "signal", "properties": { "signal": "stop" } },
                          { "id": "end", "type": "end" } ],
          "connections": [ { "source": "fork", "outcome": "timer", "target": "wait" }, { "source": "wait", "outcome": "Done", "target": "late" },
                           { "source": "fork", "outcome": "stop", "target": "stop" }, { "source": "stop", "outcome": "Done", "target": "end" } ] }
        """);
        var id = await _h.RunManualAsync("race");
        await _h.DrainAsync();
        Assert.That(await _h.CountAsync(WorkflowTables.Work), Is.EqualTo(1), "the timer is queued while the instance waits");
        Assert.That(await _h.Runtime.Engine.SignalAsync(id, "stop", null), Is.True);
        await _h.DrainAsync();
        Assert.That((await _h.Runtime.Queue.ListAsync()).Select(i => i.IdempotencyKey), Is.Empty, "ending removed the timer from the queue");

        _h.Clock.Advance(TimeSpan.FromHours(2));
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["late"]!.GetValue<bool>(), Is.False, "the step after the timer never ran");
    }

    [Test]
    public async Task A_sub_workflow_runs_as_a_child_and_hands_back_its_variables()
    {
        await _h.PublishAsync("""
        { "key": "child", "name": "Child", "trigger": { "type": "manual" },
          "activities": [ { "id": "calc", "type": "script", "properties": { "script": "vars.base * 2", "variable": "doubled" } } ] }
        """);
        await _h.PublishAsync("""
        { "key": "parent", "name": "Parent", "trigger": { "type": "manual" },
          "activities": [ { "id": "call", "type": "subWorkflow", "properties": { "workflow": "child", "inputs": { "base": { "expr": "vars.n" } }, "variable": "result" } },
                          { "id": "use", "type": "setVariable", "properties": { "name": "answer", "value": { "expr": "vars.result.doubled" } } } ],
          "connections": [ { "source": "call", "outcome": "Done", "target": "use" } ] }
        """);
        var id = await _h.RunManualAsync("parent", new { n = 21 });
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["answer"]!.GetValue<long>(), Is.EqualTo(42));
    }

    [Test]
    public async Task An_in_app_notification_lands_in_the_users_list()
    {
        await _h.PublishAsync("""
        { "key": "tell", "name": "Tell", "trigger": { "type": "manual" },
          "activities": [ { "id": "n", "type": "notify", "properties": { "channel": "inApp", "to": ["u-1", "u-2"], "title": { "expr": "'新线索: ' + vars.lead" }, "message": "请在 2 小时内联系" } } ] }
        """);
        await _h.RunManualAsync("tell", new { lead = "宁德某电池厂" });
        await _h.DrainAsync();
        Assert.That(await _h.CountAsync(WorkflowTables.Notifications, "user_id = @u AND title = @t", new { u = "u-2", t = "新线索: 宁德某电池厂" }), Is.EqualTo(1));
    }

    [Test]
    public async Task Work_that_kills_every_node_that_claims_it_becomes_a_visible_incident_that_can_be_retried()
    {
        await _h.PublishAsync("""
        { "key": "poison", "name": "Poison", "trigger": { "type": "manual" },
          "activities": [ { "id": "mark", "type": "setVariable", "properties": { "name": "ran", "value": true } } ] }
        """);
        var id = await _h.RunManualAsync("poison");
        for (var i = 0; i < Platform.Runtime.Workflows.Engine.WorkflowEngine.MaxAttempts; i++)
        {
            Assert.That(await _h.Runtime.Queue.ClaimAsync($"dies-{i}", 1, TimeSpan.FromSeconds(30)), Has.Count.EqualTo(1));
            _h.Clock.Advance(TimeSpan.FromSeconds(31));
        }
        await _h.DrainAsync();
        var faulted = await _h.InstanceAsync(id);
        Assert.That(faulted.Instance.Status, Is.EqualTo("faulted"));
        Assert.That(faulted.Incidents.Single().Error, Does.Contain($"claimed {Platform.Runtime.Workflows.Engine.WorkflowEngine.MaxAttempts + 1} times without finishing"));
        await _h.Runtime.Engine.RequestRetryAsync(id);
        await _h.DrainAsync();
        var done = await _h.InstanceAsync(id);
        Assert.That(done.Instance.Status, Is.EqualTo("completed"));
        Assert.That(done.Variables!["ran"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Email_and_robot_notifications_leave_through_the_outbox()
    {
        using var robot = new RecordingReceiver(failFirst: 0);
        await _h.PublishAsync($$"""
        { "key": "alert", "name": "Alert", "trigger": { "type": "manual" },
          "activities": [ { "id": "mail", "type": "notify", "properties": { "channel": "email", "to": "director@example.com", "title": "商机停滞", "message": { "expr": "vars.deal + ' 已停留 12 天'" } } },
                          { "id": "bot", "type": "notify", "properties": { "channel": "wecom", "url": "{{robot.Url}}", "message": { "expr": "vars.deal + ' 需要跟进'" } } } ],
          "connections": [ { "source": "mail", "outcome": "Done", "target": "bot" } ] }
        """);
        await _h.RunManualAsync("alert", new { deal = "宁德项目" });
        await _h.DrainAsync();
        Assert.That(_h.Smtp.Messages, Has.Count.EqualTo(1));
        Assert.That(_h.Smtp.Messages[0], Does.Contain("director@example.com").And.Contain("X-Idempotency-Key"));
        Assert.That(robot.Bodies.Single(), Is.EqualTo("""{"msgtype":"text","text":{"content":"宁德项目 需要跟进"}}"""));
        Assert.That(await _h.CountAsync(WorkflowTables.Outbox, "status = 'delivered'"), Is.EqualTo(2));
    }
}
