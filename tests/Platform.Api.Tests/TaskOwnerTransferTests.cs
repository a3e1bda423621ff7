using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests;

/// <summary>
/// Open tasks follow their record's owner: a change of owner hands the previous owner's part of each open
/// human task about the record to the new owner (a transfer by the system, in the task's history, with a fresh
/// due time); a record released to nobody withdraws that part (a task nobody else must do is cancelled and its
/// workflow takes outcome Withdrawn); other assignees and approvals are left alone.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class TaskOwnerTransferTests(string provider)
{
    private const string App = "owner-tasks";
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private readonly Dictionary<string, string> _ids = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        var package = JsonNode.Parse("""
            { "key": "owner-tasks", "name": "负责人待办", "models": [ { "key": "ticket", "name": "工单", "fields": [ { "key": "title", "type": "text" }, { "key": "note", "type": "text" } ],
                "pool": { "members": ["agent"] } } ],
              "roles": [ { "key": "agent", "name": "客服", "permissions": { "ticket": { "actions": ["create", "read", "update"], "rowScope": "all" } } } ] }
            """)!;
        Assert.That((await _admin.PostAsync("/api/apps/import", Json(package))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var dept = await _admin.CreateDepartmentAsync("客服部");
        foreach (var name in new[] { "old-owner", "new-owner", "helper", "third" })
            _ids[name] = await _admin.CreateUserAsync(name, dept, $"{App}/agent");
        // Alone on it, due two hours after it opens; when withdrawn from everyone, the workflow notes it on the ticket.
        await Publish("solo", """
            { "id": "call", "type": "task", "properties": { "title": { "expr": "'独办 ' + trigger.record.title" },
              "assignees": [ { "kind": "field", "value": "owner" } ], "due": { "expr": "addHours(now(), 2)" },
              "record": { "model": "ticket", "id": { "expr": "trigger.record.id" } } } },
            { "id": "mark", "type": "updateRecord", "properties": { "model": "ticket", "id": { "expr": "trigger.record.id" }, "values": { "note": "withdrawn" } } }
            """, """[ { "source": "call", "outcome": "Withdrawn", "target": "mark" } ]""");
        await Publish("follow", $$"""
            { "id": "work", "type": "task", "properties": { "title": { "expr": "'处理 ' + trigger.record.title" },
              "assignees": [ { "kind": "field", "value": "owner" }, { "kind": "user", "value": "{{_ids["helper"]}}" } ],
              "record": { "model": "ticket", "id": { "expr": "trigger.record.id" } } } }
            """);
        await Publish("sign", """
            { "id": "ok", "type": "approval", "properties": { "title": { "expr": "'审批 ' + trigger.record.title" },
              "approvers": [ { "kind": "field", "value": "owner" } ], "lockRecord": false, "record": { "model": "ticket", "id": { "expr": "trigger.record.id" } } } }
            """);
        // Due three seconds after it opens, so its deadline passes during a test.
        await Publish("brief", """
            { "id": "rush", "type": "task", "properties": { "title": { "expr": "'限时 ' + trigger.record.title" },
              "assignees": [ { "kind": "field", "value": "owner" } ], "due": { "expr": "addMinutes(now(), 0.05)" },
              "record": { "model": "ticket", "id": { "expr": "trigger.record.id" } } } }
            """, condition: "record.title.startsWith('急')");
        // Two working hours (the working calendar's hours, not the clock's).
        await Publish("slow", """
            { "id": "calm", "type": "task", "properties": { "title": { "expr": "'缓办 ' + trigger.record.title" },
              "assignees": [ { "kind": "field", "value": "owner" } ], "sla": "2h",
              "record": { "model": "ticket", "id": { "expr": "trigger.record.id" } } } }
            """, condition: "record.title.startsWith('慢')");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task Publish(string key, string activity, string connections = "[]", string condition = "true")
    {
        var json = $$"""
            { "key": "{{key}}", "name": "{{key}}", "trigger": { "type": "record.created", "model": "ticket", "condition": "{{condition}}" }, "activities": [ {{activity}} ], "connections": {{connections}} }
            """;
        var put = await _admin.PutAsync($"/api/apps/{App}/workflows/{key}", Json(JsonNode.Parse(json)!));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var publish = await _admin.PostAsync($"/api/apps/{App}/workflows/{key}/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
    }

    private async Task<List<JsonObject>> Inbox(string user)
    {
        var client = await _factory.SignedInClientAsync(user, IdentityRequests.Password);
        return (await client.GetFromJsonAsync<JsonObject>("/api/tasks?assignee=me"))!["items"]!.AsArray().Select(t => (JsonObject)t!).ToList();
    }

    private async Task<JsonObject> Eventually(string user, string title)
    {
        for (var i = 0; i < 300; i++)
        {
            if ((await Inbox(user)).FirstOrDefault(t => t["title"]!.GetValue<string>() == title) is { } task) return task;
            await Task.Delay(100);
        }
        Assert.Fail($"{user} never got '{title}'");
        return null!;
    }

    private async Task<JsonObject> NewTicket(string title)
    {
        var ticket = await CreateAsync(_admin, App, "ticket", new { title, owner = _ids["old-owner"] });
        await Eventually("old-owner", "处理 " + title);
        await Eventually("old-owner", "审批 " + title);
        await Eventually("old-owner", "独办 " + title);
        return ticket;
    }

    private async Task SetOwner(JsonObject ticket, string? owner)
    {
        var id = ticket["id"]!.GetValue<string>();
        var current = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/ticket/records/{id}")).Body!;
        var (status, body) = await SendAsync(_admin, HttpMethod.Patch, $"/api/apps/{App}/models/ticket/records/{id}", new { owner }, $"\"{current["rowVersion"]}\"");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
    }

    private async Task<JsonObject> TaskById(string id) => (JsonObject)(await SendAsync(_admin, HttpMethod.Get, $"/api/tasks/{id}")).Body!;

    private static Dictionary<string, string> States(JsonObject task) =>
        task["assignees"]!.AsArray().ToDictionary(a => a!["userId"]!.GetValue<string>(), a => a!["state"]!.GetValue<string>());

    [Test]
    public async Task A_new_owner_takes_over_the_previous_owners_open_task_and_the_approval_stays()
    {
        var ticket = await NewTicket("换人");
        var work = (await Inbox("old-owner")).Single(t => t["title"]!.GetValue<string>() == "处理 换人");
        var sign = (await Inbox("old-owner")).Single(t => t["title"]!.GetValue<string>() == "审批 换人");
        await SetOwner(ticket, _ids["new-owner"]);

        Assert.That((await Inbox("new-owner")).Select(t => t["id"]!.GetValue<string>()), Has.Member(work["id"]!.GetValue<string>()));
        Assert.That((await Inbox("old-owner")).Select(t => t["title"]!.GetValue<string>()), Has.None.EqualTo("处理 换人").And.Member("审批 换人"),
            "the approval stays with its approver");
        var moved = await TaskById(work["id"]!.GetValue<string>());
        Assert.That(States(moved), Is.EquivalentTo(new Dictionary<string, string>
        {
            [_ids["old-owner"]] = "transferred", [_ids["new-owner"]] = "pending", [_ids["helper"]] = "pending",
        }), "the helper keeps their part");
        var transfer = moved["actions"]!.AsArray().Single()!;
        Assert.That((transfer["action"]!.GetValue<string>(), transfer["userId"]!.GetValue<string>(), transfer["to"]!.GetValue<string>()),
            Is.EqualTo(("transfer", "system", _ids["new-owner"])));
        Assert.That(States(await TaskById(sign["id"]!.GetValue<string>())).Keys, Is.EquivalentTo(new[] { _ids["old-owner"] }));

        var (status, body) = await SendAsync(await _factory.SignedInClientAsync("new-owner", IdentityRequests.Password), HttpMethod.Post,
            $"/api/tasks/{work["id"]}/complete", new { action = "complete" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
    }

    [Test]
    public async Task A_moved_task_gives_the_new_owner_its_original_lead_time_from_the_move()
    {
        var ticket = await NewTicket("晚到");
        var solo = await TaskById((await Inbox("old-owner")).Single(t => t["title"]!.GetValue<string>() == "独办 晚到")["id"]!.GetValue<string>());
        var opened = DateTimeOffset.Parse(solo["createdAt"]!.GetValue<string>());
        var due = DateTimeOffset.Parse(solo["dueAt"]!.GetValue<string>());
        Assert.That(due - opened, Is.EqualTo(TimeSpan.FromHours(2)).Within(TimeSpan.FromSeconds(1)), "now() in expressions counts whole seconds");
        await Task.Delay(1100); // the move happens measurably later than the task opened
        await SetOwner(ticket, _ids["new-owner"]);

        var moved = await TaskById(solo["id"]!.GetValue<string>());
        var at = DateTimeOffset.Parse(moved["actions"]!.AsArray().Single()!["at"]!.GetValue<string>());
        Assert.That(DateTimeOffset.Parse(moved["dueAt"]!.GetValue<string>()), Is.EqualTo(at + (due - opened)).And.GreaterThan(due + TimeSpan.FromSeconds(1)),
            "the new owner has the two hours the task gave, counted from the move");
    }

    private async Task<List<JsonObject>> Notices(string user)
    {
        var client = await _factory.SignedInClientAsync(user, IdentityRequests.Password);
        return (await client.GetFromJsonAsync<JsonArray>("/api/notifications"))!.Select(n => (JsonObject)n!).ToList();
    }

    private static bool IsOverdueNotice(JsonObject n, string taskId) =>
        n["body"]!.GetValue<string>() == "已超时，请尽快处理" && n["link"]!.GetValue<string>() == "/tasks/" + taskId;

    private async Task<bool> RemindedAsync(string user, string taskId)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await Notices(user)).Any(n => IsOverdueNotice(n, taskId))) return true;
            await Task.Delay(100);
        }
        return false;
    }

    [Test]
    public async Task A_task_moved_after_its_deadline_passed_reminds_the_new_owner_when_their_own_deadline_passes()
    {
        var ticket = await CreateAsync(_admin, App, "ticket", new { title = "急单", owner = _ids["old-owner"] });
        var taskId = (await Eventually("old-owner", "限时 急单"))["id"]!.GetValue<string>();
        Assert.That(await RemindedAsync("old-owner", taskId), Is.True, "the first owner is reminded when the three seconds pass");
        await SetOwner(ticket, _ids["new-owner"]);
        var moved = await TaskById(taskId);
        var at = DateTimeOffset.Parse(moved["actions"]!.AsArray().Single()!["at"]!.GetValue<string>());
        Assert.That(DateTimeOffset.Parse(moved["dueAt"]!.GetValue<string>()), Is.EqualTo(at + TimeSpan.FromSeconds(3)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(await RemindedAsync("new-owner", taskId), Is.True, "the new owner is reminded when their three seconds pass");
        Assert.That((await Notices("old-owner")).Count(n => IsOverdueNotice(n, taskId)), Is.EqualTo(1), "the previous owner is not reminded again");
    }

    [Test]
    public async Task A_task_with_a_working_time_sla_moved_on_a_day_off_keeps_its_deadline_because_no_working_time_passed()
    {
        // Today and tomorrow (in the platform's zone) become days off, the day after a workday, whatever today is.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var days = new[] { (today, false), (today.AddDays(1), false), (today.AddDays(2), true) };
        foreach (var (day, work) in days)
            Assert.That((await _admin.PutAsJsonAsync($"/api/calendar/days/{day:yyyy-MM-dd}", new { isWorkday = work, name = "测试" })).IsSuccessStatusCode, Is.True);
        try
        {
            var ticket = await CreateAsync(_admin, App, "ticket", new { title = "慢单", owner = _ids["old-owner"] });
            var calm = await TaskById((await Eventually("old-owner", "缓办 慢单"))["id"]!.GetValue<string>());
            var due = DateTimeOffset.Parse(calm["dueAt"]!.GetValue<string>());
            Assert.That(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime), Is.EqualTo(today.AddDays(2)),
                "two working hours opened on a day off end on the next workday");
            await Task.Delay(1100); // the move happens measurably later than the task opened
            await SetOwner(ticket, _ids["new-owner"]);
            var moved = await TaskById(calm["id"]!.GetValue<string>());
            Assert.That(moved["actions"]!.AsArray().Single()!["action"]!.GetValue<string>(), Is.EqualTo("transfer"));
            Assert.That(DateTimeOffset.Parse(moved["dueAt"]!.GetValue<string>()), Is.EqualTo(due),
                "the new owner's two working hours from the move end when the old ones did: no working time passed (the clock did)");
        }
        finally
        {
            foreach (var (day, _) in days) await _admin.DeleteAsync($"/api/calendar/days/{day:yyyy-MM-dd}");
        }
    }

    [Test]
    public async Task Returning_a_record_to_the_pool_withdraws_the_owners_part_of_its_tasks_but_not_approvals()
    {
        var ticket = await NewTicket("退回");
        var id = ticket["id"]!.GetValue<string>();
        var mine = await Inbox("old-owner");
        string Id(string title) => mine.Single(t => t["title"]!.GetValue<string>() == title)["id"]!.GetValue<string>();
        var (status, body) = await SendAsync(await _factory.SignedInClientAsync("old-owner", IdentityRequests.Password), HttpMethod.Post,
            $"/api/apps/{App}/models/ticket/records/{id}/release", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());

        Assert.That((await Inbox("old-owner")).Select(t => t["title"]!.GetValue<string>()), Has.None.EqualTo("处理 退回").And.None.EqualTo("独办 退回").And.Member("审批 退回"),
            "the released owner no longer has the record's to-dos; the approval they owe stays");
        var shared = await TaskById(Id("处理 退回"));
        Assert.That(shared["status"]!.GetValue<string>(), Is.EqualTo("open"), "the helper still has to do it");
        Assert.That(States(shared), Is.EquivalentTo(new Dictionary<string, string> { [_ids["old-owner"]] = "withdrawn", [_ids["helper"]] = "pending" }));
        var withdraw = shared["actions"]!.AsArray().Single()!;
        Assert.That((withdraw["action"]!.GetValue<string>(), withdraw["userId"]!.GetValue<string>(), withdraw["to"]!.GetValue<string>()),
            Is.EqualTo(("withdraw", "system", _ids["old-owner"])));
        Assert.That(withdraw["comment"]!.GetValue<string>(), Does.Contain("returned to the pool"));

        var solo = await TaskById(Id("独办 退回"));
        Assert.That((solo["status"]!.GetValue<string>(), solo["outcome"]!.GetValue<string>(), solo["completedBy"]!.GetValue<string>()),
            Is.EqualTo(("cancelled", "withdrawn", "system")), "nobody else had it: closed, kept in the history");
        for (var i = 0; i < 300 && (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/ticket/records/{id}")).Body!["note"] is null; i++) await Task.Delay(100);
        Assert.That((await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/ticket/records/{id}")).Body!["note"]!.GetValue<string>(), Is.EqualTo("withdrawn"),
            "its workflow went on by the Withdrawn outcome");
        Assert.That(States(await TaskById(Id("审批 退回"))), Is.EquivalentTo(new Dictionary<string, string> { [_ids["old-owner"]] = "pending" }));

        var claimer = await _factory.SignedInClientAsync("third", IdentityRequests.Password);
        (status, body) = await SendAsync(claimer, HttpMethod.Post, $"/api/apps/{App}/models/ticket/records/{id}/claim", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        Assert.That((await Inbox("third")).Select(t => t["title"]!.GetValue<string>()), Has.None.EqualTo("处理 退回").And.None.EqualTo("独办 退回"),
            "withdrawn work does not come back with a claim");
    }

    [Test]
    public async Task An_owner_cleared_by_an_update_withdraws_too_and_tasks_of_other_records_do_not_move()
    {
        var released = await NewTicket("清空");
        var other = await NewTicket("不动");
        await SetOwner(released, null);
        await SetOwner(other, _ids["new-owner"]);
        var titles = (await Inbox("old-owner")).Select(t => t["title"]!.GetValue<string>()).ToList();
        Assert.That(titles, Has.None.EqualTo("处理 清空").And.None.EqualTo("独办 清空").And.None.EqualTo("处理 不动"));
        Assert.That(titles, Has.Member("审批 清空").And.Member("审批 不动"));
        Assert.That((await Inbox("new-owner")).Select(t => t["title"]!.GetValue<string>()), Has.Member("处理 不动").And.None.EqualTo("处理 清空"));
    }
}
