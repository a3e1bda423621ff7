using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Sales;

/// <summary>
/// The stage gates of S8 as the sales template defines them (models/opportunity.json rules,
/// workflows/stage-gate-approval.json): 需求确认 needs the requirement document and the team lead's
/// approval; 方案确认 needs the proposal PDF and the signed page; entering 合同签署 adds a legal review with
/// an SLA of 2 working days (due date on the task, reminder, escalation to the director). Time is a clock the test moves.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
[NonParallelizable]
public class SalesStageGateTests(string provider)
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
    private string _rep = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = App },
            services => services.AddSingleton<TimeProvider>(_clock));
        _admin = await _factory.SignedInClientAsync();
        var hq = await _admin.CreateDepartmentAsync("销售中心");
        var east = await _admin.CreateDepartmentAsync("华东一组", hq);
        var director = await _admin.CreateUserAsync("gate-director", hq, $"{App}/director");
        var teamLead = await _admin.CreateUserAsync("gate-lead", east, $"{App}/teamLead");
        _rep = await _admin.CreateUserAsync("gate-rep", east, $"{App}/rep");
        await _admin.CreateUserAsync("gate-legal", hq, $"{App}/legal");
        Assert.That((await _admin.PutAsJsonAsync($"/api/departments/{hq}", new { name = "销售中心", headUserId = director })).IsSuccessStatusCode);
        Assert.That((await _admin.PutAsJsonAsync($"/api/departments/{east}", new { name = "华东一组", headUserId = teamLead })).IsSuccessStatusCode);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private Task<HttpClient> As(string user) => _factory.SignedInClientAsync(user, IdentityRequests.Password);

    private static string Url(string id) => $"/api/apps/{App}/models/opportunity/records/{id}";

    private async Task<(HttpStatusCode Status, JsonNode? Body)> Patch(HttpClient client, string id, object values)
    {
        var current = (await SendAsync(client, HttpMethod.Get, Url(id))).Body!;
        return await SendAsync(client, HttpMethod.Patch, Url(id), values, $"\"{current["rowVersion"]}\"");
    }

    private static async Task<object> Upload(HttpClient client, string name, string contentType)
    {
        var content = new ByteArrayContent("%PDF-1.4 gate"u8.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await client.PostAsync("/api/files", new MultipartFormDataContent { { content, "file", name } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return new[] { new { id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>() } };
    }

    private async Task<JsonObject> Eventually(HttpClient client, string id, Func<JsonObject, bool> until, string what)
    {
        JsonObject record = null!;
        for (var i = 0; i < 200; i++)
        {
            record = (JsonObject)(await SendAsync(client, HttpMethod.Get, Url(id))).Body!;
            if (until(record)) return record;
            await Task.Delay(100);
        }
        Assert.Fail($"{what}; last: {record.ToJsonString()}");
        return record;
    }

    private async Task<JsonObject> TaskFor(string user, string recordId, string titleStart)
    {
        var client = await As(user);
        for (var i = 0; i < 150; i++)
        {
            var inbox = (await client.GetFromJsonAsync<JsonObject>("/api/tasks?assignee=me"))!["items"]!.AsArray();
            if (inbox.FirstOrDefault(t => t!["recordId"]?.GetValue<string>() == recordId && t["title"]!.GetValue<string>().StartsWith(titleStart)) is JsonObject task) return task;
            await Task.Delay(100);
        }
        Assert.Fail($"{user} never got the task '{titleStart}…' for {recordId}");
        return null!;
    }

    private async Task Act(string user, JsonObject task, string action, string? comment = null)
    {
        var (status, body) = await SendAsync(await As(user), HttpMethod.Post, $"/api/tasks/{task["id"]}/complete", new { action, comment });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
    }

    private static string? Text(JsonObject r, string field) => r[field]?.GetValue<string>();

    [Test, Order(1)]
    public async Task Entering_需求确认_needs_the_requirement_document_and_the_team_lead_s_approval()
    {
        var rep = await As("gate-rep");
        var id = (await CreateAsync(rep, App, "opportunity", new { title = "苏州储能项目" }))["id"]!.GetValue<string>();

        var (status, body) = await Patch(rep, id, new { requested_stage = "需求确认" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(body).Select(e => e.Key), Is.EqualTo(new[] { "requirement_doc" }), "exactly what is missing is listed");
        Assert.That(Errors(body)["requirement_doc"]![0]!.GetValue<string>(), Does.Contain("需求文档"));

        Assert.That((await Patch(rep, id, new { requirement_doc = await Upload(rep, "需求说明.docx", "application/octet-stream") })).Status, Is.EqualTo(HttpStatusCode.OK),
            "the requirement document may be any file");
        Assert.That((await Patch(rep, id, new { requested_stage = "需求确认" })).Status, Is.EqualTo(HttpStatusCode.OK));
        var task = await TaskFor("gate-lead", id, "阶段推进：苏州储能项目 → 需求确认");
        var pending = await Eventually(rep, id, r => Text(r, "stage_approval") == "pending", "the request waits for the team lead");
        Assert.That(Text(pending, "stage"), Is.EqualTo("初步接触"), "no stage change before the approval");

        await Act("gate-lead", task, "reject", "需求文档不完整");
        var kept = await Eventually(rep, id, r => Text(r, "stage_approval") == "rejected", "a rejection keeps the stage");
        Assert.That(Text(kept, "stage"), Is.EqualTo("初步接触"));

        Assert.That((await Patch(rep, id, new { requested_stage = "需求确认" })).Status, Is.EqualTo(HttpStatusCode.OK));
        await Act("gate-lead", await TaskFor("gate-lead", id, "阶段推进：苏州储能项目 → 需求确认"), "approve", "可以");
        var moved = await Eventually(rep, id, r => Text(r, "stage") == "需求确认", "the team lead's approval moves the stage");
        Assert.That(Text(moved, "stage_approval"), Is.EqualTo("approved"));
    }

    [Test, Order(2)]
    public async Task Entering_方案确认_needs_the_proposal_as_a_PDF_and_the_signed_page_and_the_refusal_lists_both()
    {
        var rep = await As("gate-rep");
        var id = (await CreateAsync(_admin, App, "opportunity", new { title = "无锡光伏方案", stage = "需求确认", owner = _rep,
            requirement_doc = await Upload(_admin, "需求.pdf", "application/pdf") }))["id"]!.GetValue<string>();

        var (status, body) = await Patch(rep, id, new { requested_stage = "方案确认" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(body).Select(e => e.Key).OrderBy(k => k), Is.EqualTo(new[] { "proposal_pdf", "signed_page" }), "both missing items, nothing else");
        Assert.That(Errors(body)["proposal_pdf"]![0]!.GetValue<string>(), Does.Contain("方案 PDF"));
        Assert.That(Errors(body)["signed_page"]![0]!.GetValue<string>(), Does.Contain("签字页"));

        var word = await Patch(rep, id, new { proposal_pdf = await Upload(rep, "方案.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document") });
        Assert.That(word.Status, Is.EqualTo(HttpStatusCode.BadRequest), "the proposal must be a PDF");
        Assert.That(Errors(word.Body)["proposal_pdf"]![0]!.GetValue<string>(), Does.Contain("方案.docx"));

        Assert.That((await Patch(rep, id, new { proposal_pdf = await Upload(rep, "方案.pdf", "application/pdf") })).Status, Is.EqualTo(HttpStatusCode.OK));
        var onlySigned = await Patch(rep, id, new { requested_stage = "方案确认" });
        Assert.That(Errors(onlySigned.Body).Select(e => e.Key), Is.EqualTo(new[] { "signed_page" }), "only the signed page is missing now");

        Assert.That((await Patch(rep, id, new { signed_page = await Upload(rep, "签字页.jpg", "image/jpeg"), requested_stage = "方案确认" })).Status, Is.EqualTo(HttpStatusCode.OK));
        var moved = await Eventually(rep, id, r => Text(r, "stage") == "方案确认", "with both documents the stage moves (no approval for 方案确认)");
        Assert.That(moved["requested_stage"], Is.Null);
    }

    [Test, Order(3)]
    public async Task Entering_合同签署_adds_a_legal_review_whose_SLA_of_two_working_days_shows_reminds_and_escalates_to_the_director()
    {
        var rep = await As("gate-rep");
        var id = (await CreateAsync(_admin, App, "opportunity", new
        {
            title = "常州充电桩合同", stage = "商务谈判", owner = _rep, amount = 1200000, expected_close = "2027-03-31",
            requirement_doc = await Upload(_admin, "需求.pdf", "application/pdf"), proposal_pdf = await Upload(_admin, "方案.pdf", "application/pdf"),
            signed_page = await Upload(_admin, "签字页.pdf", "application/pdf"),
        }))["id"]!.GetValue<string>();
        Assert.That((await Patch(rep, id, new { requested_stage = "合同签署" })).Status, Is.EqualTo(HttpStatusCode.OK));
        await Act("gate-lead", await TaskFor("gate-lead", id, "阶段推进：常州充电桩合同 → 合同签署"), "approve");

        var opened = _clock.GetUtcNow();
        var legal = await TaskFor("gate-legal", id, "合同法审：常州充电桩合同");
        var inLegal = await Eventually(rep, id, r => Text(r, "stage_approval") == "legal", "the team lead's approval hands over to legal");
        Assert.That(Text(inLegal, "stage"), Is.EqualTo("商务谈判"), "the stage waits for legal too");
        var due = DateTimeOffset.Parse(legal["dueAt"]!.GetValue<string>());
        Assert.That(due - opened, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1)).And.LessThan(TimeSpan.FromDays(12)),
            "two working days (weekends and holidays do not count)");
        Assert.That(legal["overdue"]!.GetValue<bool>(), Is.False);
        Assert.That((await (await As("gate-director")).GetFromJsonAsync<JsonObject>("/api/tasks?assignee=me"))!["items"]!.AsArray(), Is.Empty, "the director is not involved yet");

        _clock.Advance(due - _clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var director = await TaskFor("gate-director", id, "合同法审：常州充电桩合同");
        Assert.That(director["escalated"]!.GetValue<bool>(), Is.True);
        var legalInbox = (await (await As("gate-legal")).GetFromJsonAsync<JsonObject>("/api/tasks?assignee=me"))!;
        Assert.That(legalInbox["items"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == legal["id"]!.GetValue<string>())!["overdue"]!.GetValue<bool>(), Is.True,
            "legal still holds it, now overdue");
        Assert.That(legalInbox["counts"]!["overdue"]!.GetValue<long>(), Is.EqualTo(1));
        var reminders = (await (await As("gate-legal")).GetFromJsonAsync<JsonArray>("/api/notifications"))!;
        Assert.That(reminders.Any(n => n!["title"]!.GetValue<string>().StartsWith("合同法审") && n["body"]!.GetValue<string>().Contains("超时")), Is.True, "legal is reminded");

        await Act("gate-director", director, "approve", "法务超时，总监放行");
        rep = await As("gate-rep"); // sessions age with the clock
        var moved = await Eventually(rep, id, r => Text(r, "stage") == "合同签署", "the legal review's approval moves the stage");
        Assert.That(Text(moved, "stage_approval"), Is.EqualTo("approved"));
    }
}
