using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Api.Tests;

/// <summary>
/// The opportunity stage gate of the sales-crm template, built only from definitions (model rules, the
/// stage-gate-approval workflow, an approval for the team lead), end to end through HTTP.
/// </summary>
public class StageGateTests
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!, _rep = null!, _lead = null!;
    private const string App = "crm-gate";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory();
        _admin = await _factory.SignedInClientAsync();
        var import = await _admin.PostAsJsonAsync("/api/apps/import?from=sales-crm", new { key = App, name = "销售管理" });
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), await import.Content.ReadAsStringAsync());
        var role = await _admin.PutAsJsonAsync($"/api/apps/{App}/roles/gate-rep", new
        {
            name = "销售代表", permissions = new { opportunity = new { actions = new[] { "create", "read", "update" }, rowScope = "own" } },
        });
        Assert.That(role.StatusCode, Is.EqualTo(HttpStatusCode.OK), await role.Content.ReadAsStringAsync());
        var east = await _admin.CreateDepartmentAsync("华东一组");
        await _admin.CreateUserAsync("gate.rep", east, $"{App}/gate-rep");
        var leadId = await _admin.CreateUserAsync("gate.lead", east, $"{App}/gate-rep");
        (await _admin.PutAsJsonAsync($"/api/departments/{east}", new { name = "华东一组", headUserId = leadId })).EnsureSuccessStatusCode();
        _rep = await _factory.SignedInClientAsync("gate.rep", IdentityRequests.Password);
        _lead = await _factory.SignedInClientAsync("gate.lead", IdentityRequests.Password);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private string Url(string id) => $"/api/apps/{App}/models/opportunity/records/{id}";

    private async Task<HttpResponseMessage> PatchAsync(string id, object values)
    {
        var current = await _rep.GetFromJsonAsync<JsonElement>(Url(id));
        var request = new HttpRequestMessage(HttpMethod.Patch, Url(id)) { Content = JsonContent.Create(values) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{current.GetProperty("rowVersion").GetInt64()}\"");
        return await _rep.SendAsync(request);
    }

    private async Task<object> UploadAsync(string name)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4"u8.ToArray()), "file", name } };
        var response = await _rep.PostAsync("/api/files", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return new[] { new { id = (await response.JsonAsync()).GetProperty("id").GetString() } };
    }

    private async Task<JsonElement> WaitForRecordAsync(string id, Func<JsonElement, bool> until)
    {
        JsonElement record = default;
        for (var i = 0; i < 300; i++)
        {
            record = await _rep.GetFromJsonAsync<JsonElement>(Url(id));
            if (until(record)) return record;
            await Task.Delay(50);
        }
        Assert.Fail($"The opportunity never reached the expected state: {record}");
        return record;
    }

    private async Task<JsonElement> LeadTaskAsync(string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var inbox = await _lead.GetFromJsonAsync<JsonElement>("/api/tasks?assignee=me");
            foreach (var t in inbox.GetProperty("items").EnumerateArray())
                if (t.GetProperty("recordId").GetString() == id) return t;
            await Task.Delay(50);
        }
        Assert.Fail("The team lead never got the stage approval.");
        return default;
    }

    private static string? Text(JsonElement record, string field) =>
        record.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [Test]
    public async Task A_stage_moves_only_through_the_gate_its_criteria_and_the_team_lead_s_approval()
    {
        var created = await _rep.PostAsJsonAsync($"/api/apps/{App}/models/opportunity/records", new { title = "华东光伏电站" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;

        var direct = await PatchAsync(id, new { stage = "商务谈判" });
        Assert.That(direct.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await direct.JsonAsync()).GetProperty("errors").GetProperty("stage")[0].GetString(), Does.Contain("阶段不能直接修改"));

        var refused = await PatchAsync(id, new { requested_stage = "商务谈判" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await refused.JsonAsync()).GetProperty("errors");
        Assert.That(errors.GetProperty("requirement_doc")[0].GetString(), Does.Contain("需求文档"), "missing attachment");
        Assert.That(errors.GetProperty("proposal_pdf")[0].GetString(), Does.Contain("方案"));
        Assert.That(errors.GetProperty("amount")[0].GetString(), Does.Contain("金额"), "missing field");
        Assert.That(errors.GetProperty("expected_close")[0].GetString(), Does.Contain("预计成交日期"));
        Assert.That(errors.GetProperty("signed_page")[0].GetString(), Does.Contain("签字页"), "方案确认 and later need the customer's signed page");

        var attach = await PatchAsync(id, new { requirement_doc = await UploadAsync("需求.pdf"), proposal_pdf = await UploadAsync("方案.pdf"), signed_page = await UploadAsync("签字页.pdf"), amount = 800000, expected_close = "2026-12-31" });
        Assert.That(attach.StatusCode, Is.EqualTo(HttpStatusCode.OK), await attach.Content.ReadAsStringAsync());
        var request = await PatchAsync(id, new { requested_stage = "商务谈判" });
        Assert.That(request.StatusCode, Is.EqualTo(HttpStatusCode.OK), await request.Content.ReadAsStringAsync());

        var task = await LeadTaskAsync(id);
        Assert.That(task.GetProperty("title").GetString(), Is.EqualTo("阶段推进：华东光伏电站 → 商务谈判"));
        var pending = await WaitForRecordAsync(id, r => Text(r, "stage_approval") == "pending");
        Assert.That(Text(pending, "stage"), Is.EqualTo("初步接触"), "the stage waits for the approval");
        var again = await PatchAsync(id, new { requested_stage = "合同签署" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await again.JsonAsync()).GetProperty("errors").GetProperty("requested_stage")[0].GetString(), Does.Contain("审批尚未完成"), "approval pending");

        var approve = await _lead.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { action = "approve", comment = "可以推进" });
        Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approve.Content.ReadAsStringAsync());
        var moved = await WaitForRecordAsync(id, r => Text(r, "stage") == "商务谈判");
        Assert.That((Text(moved, "stage_approval"), Text(moved, "requested_stage")), Is.EqualTo(("approved", (string?)null)));

        // Rejected: the stage stays where it is.
        var signed = await PatchAsync(id, new { signed_page = await UploadAsync("签字页.pdf") });
        Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signed.Content.ReadAsStringAsync());
        Assert.That((await PatchAsync(id, new { requested_stage = "合同签署" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var second = await LeadTaskAsync(id);
        var reject = await _lead.PostAsJsonAsync($"/api/tasks/{second.GetProperty("id").GetString()}/complete", new { action = "reject", comment = "合同条款未确认" });
        Assert.That(reject.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reject.Content.ReadAsStringAsync());
        var kept = await WaitForRecordAsync(id, r => Text(r, "stage_approval") == "rejected");
        Assert.That(Text(kept, "stage"), Is.EqualTo("商务谈判"));
    }
}
