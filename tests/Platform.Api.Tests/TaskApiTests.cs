using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>Approvals through the real API: approver resolution, modes, actions, locking, permissions, delegation.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class TaskApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private readonly Dictionary<string, string> _ids = new();
    private readonly Dictionary<string, HttpClient> _users = new();

    private const string Package = """
    { "key": "exp", "name": "报销",
      "models": [ { "key": "expense", "name": "报销单", "fields": [ { "key": "title", "type": "text" }, { "key": "amount", "type": "decimal" } ] } ],
      "roles": [ { "key": "rep", "name": "员工", "permissions": { "expense": { "actions": ["create", "read", "update"], "rowScope": "own" } } },
                 { "key": "finance", "name": "财务", "permissions": { "expense": { "actions": ["read"], "rowScope": "all" } } } ] }
    """;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        Assert.That((await _admin.PostAsync("/api/apps/import", new StringContent(Package, System.Text.Encoding.UTF8, "application/json"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var sales = await _admin.CreateDepartmentAsync("销售部");
        var east = await _admin.CreateDepartmentAsync("华东", sales);
        foreach (var (name, dept, role) in new[] { ("rep", east, "exp/rep"), ("lead", east, "exp/rep"), ("director", sales, "exp/rep"),
                                                   ("fin1", sales, "exp/finance"), ("fin2", sales, "exp/finance"), ("backup", sales, "exp/rep") })
        {
            _ids[name] = await _admin.CreateUserAsync(name, dept, role);
            _users[name] = await _factory.SignedInClientAsync(name, IdentityRequests.Password);
        }
        (await _admin.PutAsJsonAsync($"/api/departments/{east}", new { name = "华东", headUserId = _ids["lead"] })).EnsureSuccessStatusCode();
        (await _admin.PutAsJsonAsync($"/api/departments/{sales}", new { name = "销售部", headUserId = _ids["director"] })).EnsureSuccessStatusCode();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task PublishAsync(string key, string approval)
    {
        var json = $$"""
        { "key": "{{key}}", "name": "{{key}}",
          "trigger": { "type": "record.created", "model": "expense", "condition": "record.title.startsWith('{{key}}')" },
          "activities": [ { "id": "approve", "type": "approval", "name": "报销审批", "properties": {{approval}} },
                          { "id": "ok", "type": "setVariable", "properties": { "name": "result", "value": "approved" } },
                          { "id": "no", "type": "setVariable", "properties": { "name": "result", "value": "rejected" } },
                          { "id": "back", "type": "setVariable", "properties": { "name": "result", "value": "returned" } } ],
          "connections": [ { "source": "approve", "outcome": "Approved", "target": "ok" }, { "source": "approve", "outcome": "Rejected", "target": "no" },
                           { "source": "approve", "outcome": "Returned", "target": "back" } ] }
        """;
        var put = await _admin.PutAsync($"/api/apps/exp/workflows/{key}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var publish = await _admin.PostAsync($"/api/apps/exp/workflows/{key}/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> CreateExpenseAsync(string title, string user = "rep")
    {
        var response = await _users[user].PostAsJsonAsync("/api/apps/exp/models/expense/records", new { title, amount = 1200 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>Waits until the user's inbox holds an open task about the record (the workflow runs on the node's worker).</summary>
    private async Task<JsonElement> TaskForAsync(string user, string recordId, int step = 1)
    {
        for (var i = 0; i < 300; i++)
        {
            var inbox = await _users[user].GetFromJsonAsync<JsonElement>("/api/tasks?assignee=me");
            foreach (var t in inbox.GetProperty("items").EnumerateArray())
                if (t.GetProperty("recordId").GetString() == recordId && t.GetProperty("step").GetInt32() == step) return t;
            await Task.Delay(50);
        }
        var why = "";
        foreach (var wf in new[] { "seq", "all", "any", "ret", "away" })
        {
            var list = await _admin.GetAsync($"/api/apps/exp/workflows/{wf}/instances");
            if (!list.IsSuccessStatusCode) continue;
            foreach (var summary in (await list.JsonAsync()).EnumerateArray())
                why += (await _admin.GetStringAsync($"/api/apps/exp/workflows/{wf}/instances/{summary.GetProperty("id").GetString()}"));
        }
        Assert.Fail($"{user} never got step {step} of the approval of {recordId}. {why}");
        return default;
    }

    private async Task<string?> ResultAsync(string workflow, string recordId)
    {
        for (var i = 0; i < 300; i++)
        {
            var instances = await _admin.GetFromJsonAsync<JsonElement>($"/api/apps/exp/workflows/{workflow}/instances");
            foreach (var summary in instances.EnumerateArray())
            {
                var detail = await _admin.GetFromJsonAsync<JsonElement>($"/api/apps/exp/workflows/{workflow}/instances/{summary.GetProperty("id").GetString()}");
                if (detail.GetProperty("variables").TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.String
                    && detail.GetProperty("instance").GetProperty("correlation").GetString() == recordId)
                    return r.GetString();
            }
            await Task.Delay(50);
        }
        return null;
    }

    private Task<HttpResponseMessage> ActAsync(string user, string taskId, object body) => _users[user].PostAsJsonAsync($"/api/tasks/{taskId}/complete", body);

    [Test]
    public async Task Sequential_approval_goes_to_the_head_then_the_head_above_while_the_record_is_locked()
    {
        await PublishAsync("seq", """{ "mode": "sequential", "approvers": [ { "kind": "departmentHead", "levels": 2 } ], "record": { "model": "expense", "id": { "expr": "trigger.recordId" } } }""");
        var expense = await CreateExpenseAsync("seq 出差");
        var id = expense.GetProperty("id").GetString()!;
        var first = await TaskForAsync("lead", id);
        Assert.That(first.GetProperty("stepCount").GetInt32(), Is.EqualTo(2));
        var inbox = await _users["lead"].GetFromJsonAsync<JsonElement>("/api/tasks?assignee=me");
        Assert.That(inbox.GetProperty("counts").GetProperty("open").GetInt64(), Is.GreaterThanOrEqualTo(1));

        var edit = new HttpRequestMessage(HttpMethod.Patch, $"/api/apps/exp/models/expense/records/{id}") { Content = JsonContent.Create(new { amount = 99999 }) };
        edit.Headers.TryAddWithoutValidation("If-Match", $"\"{expense.GetProperty("rowVersion").GetInt64()}\"");
        var locked = await _users["rep"].SendAsync(edit);
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await locked.Content.ReadAsStringAsync());
        Assert.That((await locked.JsonAsync()).GetProperty("title").GetString(), Does.Contain("locked while it is under approval"));

        var taskId = first.GetProperty("id").GetString()!;
        Assert.That((await ActAsync("director", taskId, new { action = "approve" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "not yet his step");
        var detail = await _users["lead"].GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}");
        Assert.That(detail.GetProperty("record").GetProperty("title").GetString(), Is.EqualTo("seq 出差"), "the approver sees the record");
        var approve = await ActAsync("lead", taskId, new { action = "approve", comment = "同意" });
        Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approve.Content.ReadAsStringAsync());
        Assert.That((await ActAsync("lead", taskId, new { action = "approve" })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a completed task cannot be completed twice");

        var second = await TaskForAsync("director", id, step: 2);
        Assert.That((await ActAsync("director", second.GetProperty("id").GetString()!, new { action = "approve", comment = "批准" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ResultAsync("seq", id), Is.EqualTo("approved"));
        var again = new HttpRequestMessage(HttpMethod.Patch, $"/api/apps/exp/models/expense/records/{id}") { Content = JsonContent.Create(new { amount = 1300 }) };
        again.Headers.TryAddWithoutValidation("If-Match", $"\"{expense.GetProperty("rowVersion").GetInt64()}\"");
        Assert.That((await _users["rep"].SendAsync(again)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "unlocked after the approval");
    }

    [Test]
    public async Task Countersign_waits_for_every_finance_member_and_a_rejection_needs_a_reason()
    {
        await PublishAsync("all", """{ "mode": "all", "approvers": [ { "kind": "role", "value": "finance" } ], "record": { "model": "expense", "id": { "expr": "trigger.recordId" } } }""");
        var id = (await CreateExpenseAsync("all 采购")).GetProperty("id").GetString()!;
        var task = (await TaskForAsync("fin1", id)).GetProperty("id").GetString()!;
        Assert.That((await ActAsync("fin1", task, new { action = "approve" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stillOpen = await _users["fin2"].GetFromJsonAsync<JsonElement>($"/api/tasks/{task}");
        Assert.That(stillOpen.GetProperty("status").GetString(), Is.EqualTo("open"), "fin2 has not signed yet");
        Assert.That((await ActAsync("fin1", task, new { action = "approve" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "fin1 already signed");
        Assert.That((await ActAsync("fin2", task, new { action = "reject" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ActAsync("fin2", task, new { action = "reject", comment = "超预算" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ResultAsync("all", id), Is.EqualTo("rejected"));
    }

    [Test]
    public async Task Or_sign_can_be_transferred_and_an_added_approver_may_decide_with_an_attachment()
    {
        await PublishAsync("any", """{ "mode": "any", "approvers": [ { "kind": "user", "value": "fin1" } ] }""");
        var id = (await CreateExpenseAsync("any 培训")).GetProperty("id").GetString()!;
        var task = (await TaskForAsync("fin1", id)).GetProperty("id").GetString()!;
        Assert.That((await ActAsync("fin1", task, new { action = "transfer", to = "fin2", comment = "请 fin2 处理" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ActAsync("fin1", task, new { action = "approve" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "transferred away");
        Assert.That((await ActAsync("fin2", task, new { action = "addApprover", to = "backup" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var upload = new MultipartFormDataContent { { new ByteArrayContent("发票"u8.ToArray()), "file", "invoice.txt" } };
        var file = await (await _users["backup"].PostAsync("/api/files", upload)).JsonAsync();
        var approve = await ActAsync("backup", task, new { action = "approve", comment = "见发票", files = new[] { file.GetProperty("id").GetString() } });
        Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approve.Content.ReadAsStringAsync());
        var actions = (await approve.JsonAsync()).GetProperty("actions").EnumerateArray().ToList();
        Assert.That(actions.Select(a => a.GetProperty("action").GetString()), Is.EqualTo(new[] { "transfer", "addApprover", "approve" }));
        Assert.That(actions[2].GetProperty("files")[0].GetProperty("name").GetString(), Is.EqualTo("invoice.txt"));
        Assert.That(await ResultAsync("any", id), Is.EqualTo("approved"));
        Assert.That((await _users["rep"].GetAsync($"/api/tasks/{task}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "not his task");
    }

    [Test]
    public async Task Return_goes_back_to_an_earlier_step_and_to_the_submitter()
    {
        await PublishAsync("ret", """{ "mode": "sequential", "approvers": [ { "kind": "user", "value": "lead" }, { "kind": "user", "value": "director" } ] }""");
        var id = (await CreateExpenseAsync("ret 会务")).GetProperty("id").GetString()!;
        Assert.That((await ActAsync("lead", (await TaskForAsync("lead", id)).GetProperty("id").GetString()!, new { action = "approve" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var second = (await TaskForAsync("director", id, 2)).GetProperty("id").GetString()!;
        Assert.That((await ActAsync("director", second, new { action = "return", to = 2 })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "not an earlier step");
        Assert.That((await ActAsync("director", second, new { action = "return", to = 1, comment = "请补充说明" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var again = (await TaskForAsync("lead", id, 1)).GetProperty("id").GetString()!;
        Assert.That((await ActAsync("lead", again, new { action = "return", to = 0, comment = "退回申请人" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ResultAsync("ret", id), Is.EqualTo("returned"));
    }

    [Test]
    public async Task An_away_approver_s_task_goes_to_the_delegate_on_their_behalf()
    {
        var set = await _users["director"].PutAsJsonAsync("/api/delegation", new { delegateId = "backup", from = DateTimeOffset.UtcNow.AddHours(-1), to = DateTimeOffset.UtcNow.AddDays(3) });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
        try
        {
            await PublishAsync("away", """{ "approvers": [ { "kind": "expression", "value": "'director'" } ] }""");
            var id = (await CreateExpenseAsync("away 差旅")).GetProperty("id").GetString()!;
            var task = (await TaskForAsync("backup", id)).GetProperty("id").GetString()!;
            var detail = await _users["backup"].GetFromJsonAsync<JsonElement>($"/api/tasks/{task}");
            Assert.That(detail.GetProperty("assignees")[0].GetProperty("onBehalfOf").GetString(), Is.EqualTo(_ids["director"]));
            Assert.That((await ActAsync("backup", task, new { action = "approve" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await ResultAsync("away", id), Is.EqualTo("approved"));
        }
        finally { await _users["director"].DeleteAsync("/api/delegation"); }
    }
}
