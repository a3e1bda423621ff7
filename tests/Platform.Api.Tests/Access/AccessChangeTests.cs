using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Access;

/// <summary>
/// Access that changes or hangs off records: moving and disabling a user count on their next
/// request (session and token), file downloads follow record read access, imports cannot name
/// hidden fields, restore uses the delete scope.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class AccessChangeTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private string _east = "", _west = "";
    private const string App = MatrixApp.Key;
    private static string Records(string model) => $"/api/apps/{App}/models/{model}/records";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        var import = await _admin.PostAsJsonAsync("/api/apps/import", MatrixApp.Package());
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), await import.Content.ReadAsStringAsync());
        _east = await _admin.CreateDepartmentAsync("华东");
        _west = await _admin.CreateDepartmentAsync("华西");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<string> DealAsync(string title, string department, string? owner = null, object? files = null)
    {
        var body = new JsonObject { ["title"] = title, ["department"] = department, ["owner"] = owner };
        if (files is not null) body["files"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(files));
        return (await CreateAsync(_admin, App, "deal", body))["id"]!.GetValue<string>();
    }

    private static async Task<List<string>> TitlesAsync(HttpClient client) =>
        (await QueryAsync(client, App, "deal", new { }))["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()).ToList();

    [Test]
    public async Task Bulk_create_applies_the_callers_actions_fields_and_row_scope_of_related_records()
    {
        await _admin.CreateUserAsync("bulk.rep", _east, $"{App}/rep");
        await _admin.CreateUserAsync("bulk.director", _east, $"{App}/director");
        var rep = await _factory.SignedInClientAsync("bulk.rep", IdentityRequests.Password);
        var director = await _factory.SignedInClientAsync("bulk.director", IdentityRequests.Password);
        var others = (await CreateAsync(_admin, App, "customer", new { name = "别人的客户" + provider }))["id"]!.GetValue<string>();
        var own = (await CreateAsync(rep, App, "customer", new { name = "自己的客户" + provider }))["id"]!.GetValue<string>();
        var bulk = $"{Records("deal")}/bulk";

        var (status, _) = await SendAsync(director, HttpMethod.Post, bulk, new { records = new[] { new { title = "总监" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden), "no create action, no bulk create");
        (status, var problem) = await SendAsync(rep, HttpMethod.Post, bulk, new { records = new object[] { new { title = "a", cost_price = 1 }, new { title = "b", customer = others } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["[0].cost_price"]![0]!.GetValue<string>(), Does.Contain("Unknown field"), "a hidden field cannot be written");
        (status, problem) = await SendAsync(rep, HttpMethod.Post, bulk, new { records = new object[] { new { title = "a" }, new { title = "b", customer = others } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Is.EqualTo(new[] { "[1].customer" }), "a customer outside the rep's rows cannot be linked");

        (status, var created) = await SendAsync(rep, HttpMethod.Post, bulk, new { records = new object[] { new { title = "批量a" }, new { title = "批量b", customer = own } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), created?.ToJsonString());
        var items = created!["items"]!.AsArray();
        Assert.That(items.Select(i => i!["owner"]!.GetValue<string>()).Distinct().Single(), Is.Not.Empty);
        Assert.That(items.All(i => !i!.AsObject().ContainsKey("cost_price") && !i.AsObject().ContainsKey("rebate_rate")), Is.True, "hidden fields are not returned");
        Assert.That((await QueryAsync(rep, App, "deal", new { filter = new { field = "title", op = "startsWith", value = "批量" } }))["items"]!.AsArray().Count, Is.EqualTo(2));
    }

    [Test]
    public async Task Moving_or_disabling_a_user_counts_on_their_next_request_for_session_and_token()
    {
        var north = await _admin.CreateDepartmentAsync("华北");
        var south = await _admin.CreateDepartmentAsync("华南");
        await DealAsync("东边", north);
        await DealAsync("西边", south);
        var id = await _admin.CreateUserAsync("mover", north, $"{App}/lead");
        var session = await _factory.SignedInClientAsync("mover", IdentityRequests.Password);
        var created = await session.PostAsJsonAsync("/api/auth/tokens", new { name = "t" });
        var token = _factory.TokenClient((await created.JsonAsync()).GetProperty("token").GetString()!);
        Assert.That(await TitlesAsync(session), Is.EquivalentTo(new[] { "东边" }));
        Assert.That(await TitlesAsync(token), Is.EquivalentTo(new[] { "东边" }));

        var moved = await _admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "mover", departmentId = south });
        Assert.That(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        Assert.That(await TitlesAsync(session), Is.EquivalentTo(new[] { "西边" }), "the session sees the new department at once");
        Assert.That(await TitlesAsync(token), Is.EquivalentTo(new[] { "西边" }), "so does the token");

        var revoked = await _admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "mover", departmentId = south, roles = Array.Empty<string>() });
        Assert.That(revoked.IsSuccessStatusCode);
        var (status, _) = await SendAsync(session, HttpMethod.Post, $"{Records("deal")}/query", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden), "a removed role counts on the next request");

        await _admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "mover", departmentId = south, roles = new[] { $"{App}/lead" } });
        Assert.That(await TitlesAsync(session), Is.EquivalentTo(new[] { "西边" }));
        Assert.That((await _admin.PostAsync($"/api/users/{id}/disable", null)).IsSuccessStatusCode);
        (status, _) = await SendAsync(session, HttpMethod.Post, $"{Records("deal")}/query", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "a disabled user's session stops at once");
        (status, _) = await SendAsync(token, HttpMethod.Post, $"{Records("deal")}/query", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "and their tokens");
    }

    [Test]
    public async Task A_file_is_downloadable_by_its_uploader_and_by_readers_of_a_record_holding_it_only()
    {
        await _admin.CreateUserAsync("f-rep", _east, $"{App}/rep");
        await _admin.CreateUserAsync("f-lead", _east, $"{App}/lead");
        await _admin.CreateUserAsync("f-other", _west, $"{App}/lead");
        var rep = await _factory.SignedInClientAsync("f-rep", IdentityRequests.Password);
        var lead = await _factory.SignedInClientAsync("f-lead", IdentityRequests.Password);
        var other = await _factory.SignedInClientAsync("f-other", IdentityRequests.Password);

        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("合同内容")), "file", "contract.txt" } };
        var upload = await rep.PostAsync("/api/files", form);
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var file = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        var url = $"/api/files/{file["id"]}";
        Assert.That((await rep.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the uploader");
        Assert.That((await lead.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not yet on any record");

        var deal = await CreateAsync(rep, App, "deal", new JsonObject { ["title"] = "带附件", ["files"] = new JsonArray(new JsonObject { ["id"] = file["id"]!.GetValue<string>() }) });
        var download = await lead.GetAsync(url);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the lead reads the deal that holds it");
        Assert.That(await download.Content.ReadAsStringAsync(), Is.EqualTo("合同内容"));
        Assert.That((await other.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a lead of another department does not");

        var (status, _) = await SendAsync(rep, HttpMethod.Patch, $"{Records("deal")}/{deal["id"]}", new { files = Array.Empty<object>() }, ifMatch: "1");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await lead.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "removed from the record");
        Assert.That((await _admin.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "administrators");

        // A file on a sub-table line (a receipt scan on an order line) follows its record the same way.
        var scanUpload = await rep.PostAsync("/api/files", new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("回执")), "file", "scan.txt" } });
        var scanId = JsonNode.Parse(await scanUpload.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var withLine = await CreateAsync(rep, App, "deal", new JsonObject
        {
            ["title"] = "带回执", ["receipts"] = new JsonArray(new JsonObject { ["note"] = "首付", ["scan"] = new JsonArray(new JsonObject { ["id"] = scanId }) }),
        });
        Assert.That(withLine["receipts"]![0]!["scan"]![0]!["id"]!.GetValue<string>(), Is.EqualTo(scanId), "the line keeps its file");
        Assert.That((await lead.GetAsync($"/api/files/{scanId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the lead reads the deal whose line holds it");
        Assert.That((await other.GetAsync($"/api/files/{scanId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a lead of another department does not");
        (status, _) = await SendAsync(rep, HttpMethod.Patch, $"{Records("deal")}/{withLine["id"]}", new { receipts = Array.Empty<object>() }, ifMatch: "1");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await lead.GetAsync($"/api/files/{scanId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the line is gone");
    }

    [Test]
    public async Task Imports_treat_hidden_fields_as_unknown_columns()
    {
        await _admin.CreateUserAsync("i-rep", _east, $"{App}/rep");
        var rep = await _factory.SignedInClientAsync("i-rep", IdentityRequests.Password);
        async Task<(HttpStatusCode, JsonNode?)> Import(string csv, string? options = null)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "deals.csv" } };
            if (options is not null) form.Add(new StringContent(options), "options");
            var response = await rep.PostAsync($"{Records("deal")}/import", form);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        }
        var (status, hidden) = await Import("title,cost_price\n甲,5\n");
        var (_, unknown) = await Import("title,cost_pricf\n甲,5\n");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(hidden)["mapping.cost_price"]![0]!.GetValue<string>().Replace("cost_price", "X"),
            Is.EqualTo(Errors(unknown)["mapping.cost_pricf"]![0]!.GetValue<string>().Replace("cost_pricf", "X")));
        (status, var mapped) = await Import("title,c\n甲,5\n", """{"mapping": {"c": "cost_price"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        (_, var mappedUnknown) = await Import("title,c\n甲,5\n", """{"mapping": {"c": "cost_pricf"}}""");
        Assert.That(Errors(mapped)["mapping.c"]![0]!.GetValue<string>().Replace("cost_price", "X"),
            Is.EqualTo(Errors(mappedUnknown)["mapping.c"]![0]!.GetValue<string>().Replace("cost_pricf", "X")));
        (status, var report) = await Import("title\n乙\n");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), report?.ToJsonString());
        await _admin.CreateUserAsync("i-lead", _east, $"{App}/lead");
        var lead = await _factory.SignedInClientAsync("i-lead", IdentityRequests.Password);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("title\n丙\n")), "file", "deals.csv" } };
        Assert.That((await lead.PostAsync($"{Records("deal")}/import", form)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the lead role has no import action");
    }

    [Test]
    public async Task Restore_uses_the_delete_scope()
    {
        var mine = await DealAsync("可恢复", _east);
        var theirs = await DealAsync("别处", _west);
        await _admin.CreateUserAsync("r-lead", _east, $"{App}/lead");
        var lead = await _factory.SignedInClientAsync("r-lead", IdentityRequests.Password);
        foreach (var id in new[] { mine, theirs })
            Assert.That((await SendAsync(_admin, HttpMethod.Delete, $"{Records("deal")}/{id}")).Item1, Is.EqualTo(HttpStatusCode.NoContent));
        var (status, restored) = await SendAsync(lead, HttpMethod.Post, $"{Records("deal")}/{mine}/restore", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), restored?.ToJsonString());
        Assert.That(((JsonObject)restored!).ContainsKey("cost_price"), Is.False);
        (status, _) = await SendAsync(lead, HttpMethod.Post, $"{Records("deal")}/{theirs}/restore", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
