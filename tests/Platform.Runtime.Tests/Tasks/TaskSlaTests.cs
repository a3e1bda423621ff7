using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Security;
using Platform.Runtime.Tasks;
using Platform.Runtime.Tests.Workflows;
using Platform.Runtime.Workflows.Scheduling;
using Platform.Tests;

namespace Platform.Runtime.Tests.Tasks;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class TaskSlaTests(string provider)
{
    private WorkflowHarness _h = null!;

    [SetUp]
    public async Task Create() => _h = await WorkflowHarness.CreateAsync(provider);

    /// <summary>A department 客服部 headed by kefu.head, with the given members.</summary>
    private async Task<(Department Dept, User Head, User[] Members)> TeamAsync(params string[] members)
    {
        var users = new UserStore(_h.Db);
        var departments = new DepartmentStore(_h.Db);
        var dept = await departments.CreateAsync("客服部", null, null);
        var head = await users.CreateAsync("kefu.head", "password-123", new UserChanges("主管", null, dept.Id, false));
        var created = new List<User>();
        foreach (var name in members) created.Add(await users.CreateAsync(name, "password-123", new UserChanges(name, null, dept.Id, false)));
        await departments.UpdateAsync(dept.Id, "客服部", head.Id);
        return (dept, head, created.ToArray());
    }

    [Test]
    public void An_hour_sla_counts_only_time_on_working_days()
    {
        var calendar = _h.Runtime.Calendar; // the China calendar: 2026-11-21/22 are a weekend
        var fridayEvening = new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero);
        Assert.That(WorkingTime.Due(calendar, fridayEvening, "8h"), Is.EqualTo(new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero)), "Friday 20:00 + 8h skips the weekend");
        Assert.That(WorkingTime.Due(calendar, fridayEvening, "2d"), Is.EqualTo(new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero)), "two working days: Tuesday");
    }

    [Test]
    public async Task A_task_past_its_working_day_sla_reminds_the_assignee_and_escalates_to_their_head()
    {
        var (dept, head, members) = await TeamAsync("kefu.a");
        var worker = members[0];
        await _h.PublishAsync("""
        { "key": "callback", "name": "回访", "trigger": { "type": "manual" },
          "activities": [ { "id": "call", "type": "task", "properties": { "title": "回访客户", "assignees": [ { "kind": "user", "value": "kefu.a" } ],
                            "sla": "1d", "escalateTo": "head", "variable": "call" } } ] }
        """);
        var id = await _h.RunManualAsync("callback");
        await _h.DrainAsync();
        var inbox = await _h.Runtime.Tasks.ListForAsync(worker.Id, "open");
        var task = inbox["items"]![0]!;
        Assert.That(task["dueAt"]!.GetValue<string>(), Does.StartWith("2026-11-23T09:00"), "Friday 09:00 + 1 working day = Monday 09:00");

        _h.Clock.Advance(TimeSpan.FromDays(1)); // Saturday: not due yet
        await _h.DrainAsync();
        Assert.That((await _h.Runtime.Tasks.ListForAsync(head.Id, "open"))["items"]!.AsArray(), Is.Empty);

        _h.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1)); // Monday 09:01
        await _h.DrainAsync();
        var escalated = (await _h.Runtime.Tasks.ListForAsync(head.Id, "open"))["items"]!.AsArray();
        Assert.That(escalated.Select(t => t!["id"]!.GetValue<string>()), Is.EqualTo(new[] { task["id"]!.GetValue<string>() }));
        Assert.That(escalated[0]!["escalated"]!.GetValue<bool>() && escalated[0]!["overdue"]!.GetValue<bool>(), Is.True);
        Assert.That(await _h.CountAsync("lc_notifications", "user_id = @u AND body LIKE '%超时%'", new { u = worker.Id }), Is.EqualTo(1), "the assignee was reminded");
        var journal = (await _h.InstanceAsync(id)).Journal.Select(j => j.Message).ToList();
        Assert.That(journal, Has.Some.Contains($"SLA passed: reminded {worker.Id}; escalated to {head.Id}"));

        var headCaller = new Caller(head.Id, head.UserName, false, dept.Id, []);
        await _h.Runtime.Tasks.CompleteAsync(task["id"]!.GetValue<string>(), headCaller, new TaskAction("complete", "已回访", null, null));
        Assert.ThrowsAsync<ConflictException>(() => _h.Runtime.Tasks.CompleteAsync(task["id"]!.GetValue<string>(), headCaller, new TaskAction("complete", null, null, null)));
        await _h.DrainAsync();
        var detail = await _h.InstanceAsync(id);
        Assert.That(detail.Instance.Status, Is.EqualTo("completed"));
        Assert.That(detail.Variables!["call"]!["by"]!.GetValue<string>(), Is.EqualTo(head.Id));
        Assert.That(detail.Variables!["call"]!["comment"]!.GetValue<string>(), Is.EqualTo("已回访"));
    }

    [Test]
    public async Task A_task_moved_to_a_new_owner_escalates_at_its_new_due_time_not_the_old_one()
    {
        var (_, head, members) = await TeamAsync("kefu.a", "kefu.b");
        var (first, next) = (members[0], members[1]);
        await _h.PublishAsync("""
        { "key": "callback", "name": "回访", "trigger": { "type": "manual" },
          "activities": [ { "id": "call", "type": "task", "properties": { "title": "回访客户", "assignees": [ { "kind": "user", "value": "kefu.a" } ],
                            "record": { "model": "ticket", "id": "t1" }, "sla": "1d", "escalateTo": "head" } } ] }
        """);
        await _h.RunManualAsync("callback");
        await _h.DrainAsync(); // Friday 09:00, due Monday 09:00: 72 hours of wall time

        _h.Clock.Advance(TimeSpan.FromDays(2)); // Sunday 09:00 the ticket changes owner
        await using (var scope = await _h.Db.BeginWriteAsync())
        {
            await _h.Runtime.Tasks.TransferOpenOfRecordAsync(scope, WorkflowHarness.App, "ticket", "t1", first.Id, next.Id, _h.Clock.GetUtcNow(), CancellationToken.None);
            await scope.CommitAsync();
        }
        var moved = (await _h.Runtime.Tasks.ListForAsync(next.Id, "open"))["items"]![0]!;
        Assert.That(moved["dueAt"]!.GetValue<string>(), Does.StartWith("2026-11-24T09:00"), "one working day from the move on a Sunday: Tuesday 09:00");

        _h.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)); // Monday 09:01, the old due time
        await _h.DrainAsync();
        Assert.That((await _h.Runtime.Tasks.ListForAsync(head.Id, "open"))["items"]!.AsArray(), Is.Empty, "not overdue for the new owner yet");
        Assert.That(await _h.CountAsync("lc_notifications", "body LIKE '%超时%'", new { }), Is.EqualTo(0));

        _h.Clock.Advance(TimeSpan.FromDays(1)); // Tuesday 09:01
        await _h.DrainAsync();
        Assert.That((await _h.Runtime.Tasks.ListForAsync(head.Id, "open"))["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()),
            Is.EqualTo(new[] { moved["id"]!.GetValue<string>() }), "escalated at the new due time");
        Assert.That(await _h.CountAsync("lc_notifications", "user_id = @u AND body LIKE '%超时%'", new { u = next.Id }), Is.EqualTo(1), "the new owner was reminded");
    }
}
