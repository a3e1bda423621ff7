using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Sales;

/// <summary>
/// The sales template's workflows (templates/sales-crm/workflows/) through the real API and its node
/// worker, at their edges. Time is a clock the test moves (timers of relative-date triggers).
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
[NonParallelizable]
public class SalesWorkflowTests(string provider)
{
    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private const string App = "sales-crm";
    private readonly MovableClock _clock = new(DateTimeOffset.UtcNow);
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private readonly Dictionary<string, string> _users = new();
    private readonly Dictionary<string, string> _departments = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = App },
            services => services.AddSingleton<TimeProvider>(_clock));
        _admin = await _factory.SignedInClientAsync();
        var hq = await _admin.CreateDepartmentAsync("销售中心");
        foreach (var g in new[] { "senior", "a", "b" }) _departments[g] = await _admin.CreateDepartmentAsync("组-" + g, hq);
        foreach (var (name, dept, roles) in new[]
        {
            ("lead-senior", "senior", new[] { "teamLead" }), ("lead-a", "a", new[] { "teamLead" }), ("lead-b", "b", new[] { "teamLead" }),
            ("s1", "senior", new[] { "rep", "routing-senior" }), ("s2", "senior", new[] { "rep", "routing-senior" }),
            ("a1", "a", new[] { "rep", "routing-a" }), ("b1", "b", new[] { "rep", "routing-b" }),
        })
            _users[name] = await _admin.CreateUserAsync(name, _departments[dept], roles.Select(r => $"{App}/{r}").ToArray());
        foreach (var g in new[] { "senior", "a", "b" })
            Assert.That((await _admin.PutAsJsonAsync($"/api/departments/{_departments[g]}", new { name = "组-" + g, headUserId = _users["lead-" + g] })).IsSuccessStatusCode);
        var workflows = await _admin.GetFromJsonAsync<JsonArray>($"/api/apps/{App}/workflows");
        Assert.That(workflows!.Where(w => w!["publishedVersion"] is not null).Select(w => w!["key"]!.GetValue<string>()),
            Is.SupersetOf(new[] { "lead-scoring", "lead-routing", "pool-auto-return", "customer-grade" }), "the template's workflows are published on install");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<JsonObject> Get(string model, string id) =>
        (JsonObject)(await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/{model}/records/{id}")).Body!;

    private async Task<JsonObject> Patch(string model, string id, object values)
    {
        var current = await Get(model, id);
        var (status, body) = await SendAsync(_admin, HttpMethod.Patch, $"/api/apps/{App}/models/{model}/records/{id}", values, $"\"{current["rowVersion"]}\"");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return (JsonObject)body!;
    }

    /// <summary>Polls until the record satisfies the condition (the node worker runs the workflow after the write commits).</summary>
    private async Task<JsonObject> Eventually(string model, string id, Func<JsonObject, bool> until, string what)
    {
        JsonObject record = null!;
        for (var i = 0; i < 200; i++)
        {
            record = await Get(model, id);
            if (until(record)) return record;
            await Task.Delay(100);
        }
        Assert.Fail($"{what}; last: {record.ToJsonString()}");
        return record;
    }

    private async Task<List<string>> Notes(string user)
    {
        var client = await _factory.SignedInClientAsync(user, IdentityRequests.Password);
        return (await client.GetFromJsonAsync<JsonArray>("/api/notifications"))!.Select(n => n!["title"]!.GetValue<string>()).ToList();
    }

    private async Task<List<string>> NotesEventually(string user, string containing)
    {
        for (var i = 0; i < 100; i++)
        {
            var notes = await Notes(user);
            if (notes.Any(n => n.Contains(containing))) return notes;
            await Task.Delay(150);
        }
        Assert.Fail($"{user} never got a notification containing '{containing}'");
        return [];
    }

    /// <summary>Moves time on; sessions age with it, so the administrator signs in again.</summary>
    private async Task Advance(TimeSpan by)
    {
        _clock.Advance(by);
        _admin = await _factory.SignedInClientAsync();
    }

    /// <summary>Waits for the worker to be idle on the app (no instance running or due), so "nothing happened" can be asserted.</summary>
    private static Task Settle() => Task.Delay(1500);

    [Test, Order(1)]
    public async Task Behaviour_events_add_their_points_to_the_lead_score()
    {
        var lead = await CreateAsync(_admin, App, "lead", new { company = "评分测试公司", status = "无效" });
        var id = lead["id"]!.GetValue<string>();
        await CreateAsync(_admin, App, "lead_event", new { lead = id, type = "whitepaper" });
        await Eventually("lead", id, l => l["score"]?.GetValue<double>() == 5, "whitepaper +5");
        await CreateAsync(_admin, App, "lead_event", new { lead = id, type = "webinar" });
        await Eventually("lead", id, l => l["score"]?.GetValue<double>() == 15, "webinar +10");
        var custom = await CreateAsync(_admin, App, "lead_event", new { lead = id, type = "trade_show", points = 2 });
        await Eventually("lead", id, l => l["score"]?.GetValue<double>() == 17, "an event's own points win over the default");
        var evt = await Eventually("lead_event", custom["id"]!.GetValue<string>(), e => e["points"] is not null, "the event records its points");
        Assert.That(evt["points"]!.GetValue<double>(), Is.EqualTo(2));
    }

    private async Task<JsonObject> NewLeadRouted(string company, double score, string industry, decimal budget)
    {
        var lead = await CreateAsync(_admin, App, "lead", new { company, score, industry, budget, owner = (string?)null });
        return await Eventually("lead", lead["id"]!.GetValue<string>(), l => l["status"]?.GetValue<string>() == "已分配", $"{company} is routed");
    }

    [Test, Order(2)]
    public async Task New_leads_are_routed_by_the_table_with_round_robin_inside_the_group_and_a_first_touch_due_in_two_hours()
    {
        var first = await NewLeadRouted("高分一", 30, "制造", 0);
        var second = await NewLeadRouted("高分二", 45, "零售", 0);
        Assert.That((first["group"]!.GetValue<string>(), second["group"]!.GetValue<string>()), Is.EqualTo(("senior", "senior")), "score 30 is the edge of the senior group");
        Assert.That(new[] { first["owner"]!.GetValue<string>(), second["owner"]!.GetValue<string>() }, Is.EquivalentTo(new[] { _users["s1"], _users["s2"] }), "round robin inside the group");
        var a = await NewLeadRouted("光伏大单", 10, "新能源", 1_000_001);
        Assert.That((a["group"]!.GetValue<string>(), a["owner"]!.GetValue<string>()), Is.EqualTo(("A", _users["a1"])));
        var edge = await NewLeadRouted("光伏百万", 29, "新能源", 1_000_000);
        Assert.That((edge["group"]!.GetValue<string>(), edge["owner"]!.GetValue<string>()), Is.EqualTo(("B", _users["b1"])), "budget must exceed 1,000,000 and score 29 is not senior");
        Assert.That(edge["routing_reason"]!.GetValue<string>(), Does.Contain("分组 B"));
        Assert.That(edge["department"]!.GetValue<string>(), Is.EqualTo(_departments["b"]), "the lead moves into its owner's group, where the team lead sees it");
        var assigned = DateTimeOffset.Parse(a["assigned_at"]!.GetValue<string>());
        Assert.That(DateTimeOffset.Parse(a["first_touch_due"]!.GetValue<string>()) - assigned, Is.EqualTo(TimeSpan.FromHours(2)));
        var task = await TaskEventually("a1", "首次联系 光伏大单");
        Assert.That(DateTimeOffset.Parse(task["dueAt"]!.GetValue<string>()) - DateTimeOffset.Parse(a["first_touch_due"]!.GetValue<string>()),
            Is.LessThan(TimeSpan.FromSeconds(1)).And.GreaterThan(TimeSpan.FromSeconds(-1)), "the first-touch task is due when the lead's first touch is");
        Assert.That((task["kind"]!.GetValue<string>(), task["model"]!.GetValue<string>(), task["recordId"]!.GetValue<string>()), Is.EqualTo(("task", "lead", a["id"]!.GetValue<string>())));
        Assert.That(await Inbox("s1"), Has.None.Matches<JsonObject>(t => t["title"]!.GetValue<string>() == "首次联系 光伏大单"), "only the owner gets the task");
        var owned = await CreateAsync(_admin, App, "lead", new { company = "已有负责人", score = 50 });
        await Settle();
        Assert.That((await Get("lead", owned["id"]!.GetValue<string>()))["status"]!.GetValue<string>(), Is.EqualTo("新建"), "a lead that already has an owner is not routed");
    }

    private async Task<List<JsonObject>> Inbox(string user, string status = "open")
    {
        var client = await _factory.SignedInClientAsync(user, IdentityRequests.Password);
        return (await client.GetFromJsonAsync<JsonObject>($"/api/tasks?assignee=me&status={status}"))!["items"]!.AsArray().Select(t => (JsonObject)t!).ToList();
    }

    private async Task<JsonObject> TaskEventually(string user, string title)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await Inbox(user)).FirstOrDefault(t => t["title"]!.GetValue<string>() == title) is { } task) return task;
            await Task.Delay(150);
        }
        Assert.Fail($"{user} never got the task '{title}'");
        return null!;
    }

    [Test, Order(2)]
    public async Task The_first_touch_task_closes_when_the_rep_completes_it_or_logs_a_follow_up_and_then_nothing_escalates()
    {
        var done = await NewLeadRouted("待办完成线索", 3, "软件", 0);    // group B → b1
        var logged = await NewLeadRouted("跟进关闭线索", 3, "软件", 0);
        var doneTask = await TaskEventually("b1", "首次联系 待办完成线索");
        var loggedTask = await TaskEventually("b1", "首次联系 跟进关闭线索");
        var b1 = await _factory.SignedInClientAsync("b1", IdentityRequests.Password);

        var (status, body) = await SendAsync(b1, HttpMethod.Post, $"/api/tasks/{doneTask["id"]}/complete", new { action = "complete", comment = "已电话联系" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        var touched = await Eventually("lead", done["id"]!.GetValue<string>(), l => l["first_touch_at"] is not null, "completing the task records the first touch");
        Assert.That(touched["status"]!.GetValue<string>(), Is.EqualTo("跟进中"));

        var customer = await CreateAsync(_admin, App, "customer", new { name = "首触客户" });
        var contact = await CreateAsync(_admin, App, "contact", new { name = "李总", customer = customer["id"]!.GetValue<string>() });
        await CreateAsync(_admin, App, "followup", new
        {
            customer = customer["id"]!.GetValue<string>(), contact = contact["id"]!.GetValue<string>(), stage = "初步接触",
            next_date = "2026-12-02", obstacle = "还在比价", lead = logged["id"]!.GetValue<string>(),
        });
        for (var i = 0; i < 100 && (await Inbox("b1")).Any(t => t["id"]!.GetValue<string>() == loggedTask["id"]!.GetValue<string>()); i++) await Task.Delay(150);
        Assert.That((await Inbox("b1")).Select(t => t["title"]!.GetValue<string>()), Has.None.StartsWith("首次联系 待办完成线索").And.None.StartsWith("首次联系 跟进关闭线索"),
            "both tasks left the rep's inbox");
        var closed = (JsonObject)(await SendAsync(b1, HttpMethod.Get, $"/api/tasks/{loggedTask["id"]}")).Body!;
        Assert.That((closed["status"]!.GetValue<string>(), closed["outcome"]!.GetValue<string>()), Is.EqualTo(("completed", "done")), "the logged follow-up closed the task");
        Assert.That(closed["actions"]!.AsArray().Single()!["comment"]!.GetValue<string>(), Is.EqualTo("已记录跟进"));
        var again = await SendAsync(b1, HttpMethod.Post, $"/api/tasks/{loggedTask["id"]}/complete", new { action = "complete" });
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict), "a closed task cannot be completed again");
        var firstTouch = (await Get("lead", logged["id"]!.GetValue<string>()))["first_touch_at"];
        Assert.That(firstTouch, Is.Not.Null);

        await Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await Settle();
        Assert.That(await Notes("lead-b"), Has.None.Contains("首次跟进超时：待办完成线索").And.None.Contains("首次跟进超时：跟进关闭线索"), "touched leads never escalate");
        Assert.That((await Get("lead", logged["id"]!.GetValue<string>()))["first_touch_at"]!.GetValue<string>(), Is.EqualTo(firstTouch!.GetValue<string>()),
            "the resumed routing does not overwrite the follow-up's first touch");
    }

    [Test, Order(3)]
    public async Task An_untouched_lead_reminds_its_owner_after_30_minutes_and_escalates_to_the_team_lead_after_two_hours()
    {
        var touched = await NewLeadRouted("已跟进线索", 5, "医疗", 0);   // group B → b1
        var untouched = await NewLeadRouted("未跟进线索", 5, "医疗", 0);
        var customer = await CreateAsync(_admin, App, "customer", new { name = "跟进客户甲" });
        var contact = await CreateAsync(_admin, App, "contact", new { name = "张工", customer = customer["id"]!.GetValue<string>() });
        await CreateAsync(_admin, App, "followup", new
        {
            customer = customer["id"]!.GetValue<string>(), contact = contact["id"]!.GetValue<string>(), stage = "初步接触",
            next_date = "2026-12-02", obstacle = "预算未批", lead = touched["id"]!.GetValue<string>(),
        });
        await Eventually("lead", touched["id"]!.GetValue<string>(), l => l["first_touch_at"] is not null, "a follow-up touches its lead");

        await Advance(TimeSpan.FromMinutes(29));
        await Settle();
        Assert.That(await Notes("b1"), Has.None.Contains("30 分钟未跟进：未跟进线索"), "29 minutes: no reminder yet");
        await Advance(TimeSpan.FromMinutes(2));
        var notes = await NotesEventually("b1", "30 分钟未跟进：未跟进线索");
        Assert.That(notes, Has.None.Contains("30 分钟未跟进：已跟进线索"), "the touched lead gives no reminder");

        await Advance(TimeSpan.FromMinutes(90));
        var lead = await NotesEventually("lead-b", "首次跟进超时：未跟进线索");
        Assert.That(lead, Has.None.Contains("首次跟进超时：已跟进线索"));
        Assert.That(await Notes("lead-a"), Has.None.Contains("首次跟进超时：未跟进线索"), "only the owner's own team lead");
    }

    [Test, Order(4)]
    public async Task The_grade_follows_the_four_criteria_at_their_edges()
    {
        var c = await CreateAsync(_admin, App, "customer", new { name = "等级客户", urgency_score = 0, budget_score = 0, decision_chain_score = 0, competitor_score = 0 });
        var id = c["id"]!.GetValue<string>();
        await Eventually("customer", id, r => r["grade"]?.GetValue<string>() == "C", "a new customer without grade gets one");
        foreach (var (scores, grade) in new[] { (new[] { 5, 5, 4, 3 }, "A+"), (new[] { 5, 5, 3, 3 }, "A"), (new[] { 4, 4, 3, 2 }, "A"), (new[] { 4, 3, 3, 3 }, "A"), (new[] { 3, 3, 3, 3 }, "B"), (new[] { 2, 2, 2, 2 }, "B"), (new[] { 2, 2, 2, 1 }, "C") })
        {
            await Patch("customer", id, new { urgency_score = scores[0], budget_score = scores[1], decision_chain_score = scores[2], competitor_score = scores[3] });
            var r = await Eventually("customer", id, x => x["grade"]?.GetValue<string>() == grade && x["grade_reason"]?.GetValue<string>()?.Contains("竞品 " + scores[3]) == true, $"sum {scores.Sum()} → {grade}");
            Assert.That(r["grade_reason"]!.GetValue<string>(), Does.Contain("→ " + grade));
        }
    }

    [Test, Order(5)]
    public async Task A_booked_demo_upgrades_and_two_silent_weeks_downgrade_and_release()
    {
        var c = await CreateAsync(_admin, App, "customer", new { name = "演示客户", grade = "B", owner = _users["s1"] });
        var id = c["id"]!.GetValue<string>();
        await Settle();
        await Patch("customer", id, new { demo_booked_at = _clock.GetUtcNow().AddDays(2).ToString("O") });
        var up = await Eventually("customer", id, r => r["grade"]?.GetValue<string>() == "A", "a booked demo upgrades B → A");
        Assert.That(up["advisor"]!.GetValue<string>(), Is.EqualTo(_users["s1"]), "the owner becomes the dedicated advisor");

        await Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(5));
        await Settle();
        Assert.That((await Get("customer", id))["grade"]!.GetValue<string>(), Is.EqualTo("A"), "just under two weeks: unchanged");
        await Advance(TimeSpan.FromMinutes(10));
        var down = await Eventually("customer", id, r => r["grade"]?.GetValue<string>() == "B", "two weeks without response downgrade A → B");
        Assert.That(down["owner"], Is.Null, "and release the customer to the pool");
        Assert.That(down["grade_reason"]!.GetValue<string>(), Does.Contain("两周无回应"));
    }

    [Test, Order(6)]
    public async Task A_customer_without_follow_up_is_warned_at_27_days_and_returns_to_the_pool_at_30()
    {
        var now = _clock.GetUtcNow();
        var quiet = await CreateAsync(_admin, App, "customer", new { name = "沉默客户", owner = _users["a1"], last_contact_at = now.ToString("O") });
        var active = await CreateAsync(_admin, App, "customer", new { name = "活跃客户", owner = _users["a1"], last_contact_at = now.ToString("O") });
        var quietId = quiet["id"]!.GetValue<string>();
        var activeId = active["id"]!.GetValue<string>();
        await Settle(); // the new-customer grading workflow writes to both; a patch during it is a real conflict

        await Advance(TimeSpan.FromDays(20));
        await Patch("customer", activeId, new { last_contact_at = _clock.GetUtcNow().ToString("O") });
        await Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var notes = await NotesEventually("a1", "3 天后回收公海：沉默客户");
        Assert.That(notes, Has.None.Contains("回收公海：活跃客户"));
        Assert.That(notes, Has.Some.Contains("待办：跟进 沉默客户"), "the 72-hour to-do came first");
        Assert.That((await Get("customer", quietId))["owner"]!.GetValue<string>(), Is.EqualTo(_users["a1"]), "a warning, not yet a release");
        var todo = await TaskEventually("a1", "待办：跟进 沉默客户");

        await Advance(TimeSpan.FromDays(3));
        await Eventually("customer", quietId, r => r["owner"] is null, "30 days without follow-up return the customer to the pool");
        Assert.That((await Inbox("a1")).Select(t => t["id"]!.GetValue<string>()), Does.Not.Contain(todo["id"]!.GetValue<string>()),
            "the returned customer's to-do leaves the rep's inbox");
        var withdrawn = (await SendAsync(_admin, HttpMethod.Get, $"/api/tasks/{todo["id"]}")).Body!;
        Assert.That((withdrawn["status"]!.GetValue<string>(), withdrawn["outcome"]!.GetValue<string>()), Is.EqualTo(("cancelled", "withdrawn")));
        Assert.That(withdrawn["actions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()), Has.Member("withdraw"), "and says so in its history");
        await Settle();
        Assert.That((await Get("customer", activeId))["owner"]!.GetValue<string>(), Is.EqualTo(_users["a1"]), "a customer touched on day 20 stays");
        var history = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/customer/records/{quietId}/history")).Body!.AsArray();
        Assert.That(history.Any(h => h!.ToJsonString().Contains("release")), Is.True, "the return is audited as a release");
    }

    [Test, Order(7)]
    public async Task A_silent_customer_gives_its_rep_a_to_do_at_72_hours_and_its_team_lead_a_warning_after_a_week()
    {
        var now = _clock.GetUtcNow().ToString("O");
        var silent = await CreateAsync(_admin, App, "customer", new { name = "三天未联系", owner = _users["b1"], department = _departments["b"], last_contact_at = now });
        var touched = await CreateAsync(_admin, App, "customer", new { name = "五天后联系", owner = _users["b1"], department = _departments["b"], last_contact_at = now });
        await Settle(); // the new-customer grading workflow writes to both first

        await Advance(TimeSpan.FromHours(71));
        await Settle();
        Assert.That(await Notes("b1"), Has.None.Contains("待办：跟进 三天未联系"), "71 hours: no to-do yet");
        await Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var todo = await TaskEventually("b1", "待办：跟进 三天未联系");
        Assert.That((todo["kind"]!.GetValue<string>(), todo["recordId"]!.GetValue<string>()), Is.EqualTo(("task", silent["id"]!.GetValue<string>())), "a real to-do in the rep's inbox");
        Assert.That(DateTimeOffset.Parse(todo["dueAt"]!.GetValue<string>()) - _clock.GetUtcNow(), Is.GreaterThan(TimeSpan.FromHours(95)), "due when the week is up");
        var other = await TaskEventually("b1", "待办：跟进 五天后联系");

        await Advance(TimeSpan.FromDays(2));
        var touchedId = touched["id"]!.GetValue<string>();
        var contact = await CreateAsync(_admin, App, "contact", new { name = "李工", customer = touchedId });
        await CreateAsync(_admin, App, "followup", new
        {
            customer = touchedId, contact = contact["id"]!.GetValue<string>(), stage = "初步接触", next_date = "2027-03-01", obstacle = "等待预算",
            contacted_at = _clock.GetUtcNow().ToString("O"),
        });
        for (var i = 0; i < 100 && (await Inbox("b1")).Any(t => t["id"]!.GetValue<string>() == other["id"]!.GetValue<string>()); i++) await Task.Delay(150);
        var open = (await Inbox("b1")).Select(t => t["id"]!.GetValue<string>()).ToList();
        Assert.That(open, Does.Not.Contain(other["id"]!.GetValue<string>()), "logging a follow-up closes the customer's to-do");
        Assert.That(open, Does.Contain(todo["id"]!.GetValue<string>()), "the silent customer's to-do stays open");
        await Advance(TimeSpan.FromDays(2));
        var lead = await NotesEventually("lead-b", "超过一周未跟进：三天未联系");
        Assert.That(lead, Has.None.Contains("超过一周未跟进：五天后联系"), "a customer contacted on day 5 is not escalated");
        Assert.That(await Notes("lead-a"), Has.None.Contains("超过一周未跟进：三天未联系"), "only the owner's own team lead");
        Assert.That((await Get("customer", silent["id"]!.GetValue<string>()))["owner"]!.GetValue<string>(), Is.EqualTo(_users["b1"]));
    }

    [Test, Order(7)]
    public async Task Each_stage_change_writes_a_stage_history_row()
    {
        var o = await CreateAsync(_admin, App, "opportunity", new { title = "阶段历史", stage = "初步接触", owner = _users["s2"] });
        var id = o["id"]!.GetValue<string>();
        // Stages move through the stage gate: the rep asks, the gate workflow moves it (输单 needs no approval).
        await Patch("opportunity", id, new { requested_stage = "输单" });
        await Eventually("opportunity", id, r => r["previous_stage"]?.GetValue<string>() == "初步接触", "the opportunity remembers the stage it left");
        var rows = await QueryAsync(_admin, App, "opportunity_stage", new { filter = new { field = "opportunity", op = "eq", value = id } });
        var row = rows["items"]!.AsArray().Single()!;
        Assert.That((row["from_stage"]!.GetValue<string>(), row["to_stage"]!.GetValue<string>()), Is.EqualTo(("初步接触", "输单")));
        Assert.That(row["owner"]!.GetValue<string>(), Is.EqualTo(_users["s2"]), "the history row belongs to the opportunity's owner, so the rep sees it");
    }

    [Test, Order(8)]
    public async Task Disabling_a_rep_re_routes_their_open_leads_at_once_inside_the_same_group()
    {
        var mine = await QueryAsync(_admin, App, "lead", new { filter = new { field = "owner", op = "eq", value = _users["s1"] } });
        var ids = mine["items"]!.AsArray().Where(l => l!["status"]!.GetValue<string>() == "已分配").Select(l => l!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Is.Not.Empty, "s1 holds a senior lead from the routing test");
        var closed = await CreateAsync(_admin, App, "lead", new { company = "已转化线索", status = "已转化", owner = _users["s1"] });
        var firstTouch = (await Inbox("s1")).Where(t => t["model"]?.GetValue<string>() == "lead" && ids.Contains(t["recordId"]!.GetValue<string>())).ToList();
        Assert.That(firstTouch, Has.Count.EqualTo(ids.Count), "each routed lead of s1 has its open first-touch task");
        var disable = await _admin.PostAsync($"/api/users/{_users["s1"]}/disable", null);
        Assert.That(disable.IsSuccessStatusCode, await disable.Content.ReadAsStringAsync());
        foreach (var id in ids)
        {
            var lead = await Eventually("lead", id, l => l["owner"]?.GetValue<string>() == _users["s2"], "the senior group's other member takes the lead");
            Assert.That(lead["routing_reason"]!.GetValue<string>(), Does.Contain("s1 已停用"));
        }
        var inbox = await Inbox("s2");
        foreach (var task in firstTouch)
        {
            Assert.That(inbox.Select(t => t["id"]!.GetValue<string>()), Has.Member(task["id"]!.GetValue<string>()), $"'{task["title"]}' moved with its lead to s2");
            var detail = (await SendAsync(_admin, HttpMethod.Get, $"/api/tasks/{task["id"]}")).Body!;
            Assert.That(detail["assignees"]!.AsArray().Single(a => a!["userId"]!.GetValue<string>() == _users["s1"])!["state"]!.GetValue<string>(), Is.EqualTo("transferred"));
        }
        await Settle();
        Assert.That((await Get("lead", closed["id"]!.GetValue<string>()))["owner"]!.GetValue<string>(), Is.EqualTo(_users["s1"]), "converted leads stay where they are");
    }
}
