using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Access;

/// <summary>The shared pool through the real API: visibility, claim limits, cooldown, release, assign, audit.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class PoolApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!, _rep1 = null!, _rep2 = null!, _lead = null!, _channel = null!;
    private string _rep1Id = "", _rep2Id = "", _east1 = "", _disabledId = "";
    private const string App = MatrixApp.Key;
    private static string Customers => $"/api/apps/{App}/models/customer/records";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        var import = await _admin.PostAsJsonAsync("/api/apps/import", MatrixApp.Package());
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), await import.Content.ReadAsStringAsync());
        var east = await _admin.CreateDepartmentAsync("华东");
        _east1 = await _admin.CreateDepartmentAsync("华东一组", east);
        _rep1Id = await _admin.CreateUserAsync("pool-rep1", _east1, $"{App}/rep");
        _rep2Id = await _admin.CreateUserAsync("pool-rep2", _east1, $"{App}/rep");
        await _admin.CreateUserAsync("pool-lead", east, $"{App}/lead");
        await _admin.CreateUserAsync("pool-channel", east, $"{App}/channel");
        _disabledId = await _admin.CreateUserAsync("pool-gone", _east1, $"{App}/rep");
        Assert.That((await _admin.PostAsync($"/api/users/{_disabledId}/disable", null)).IsSuccessStatusCode);
        _rep1 = await _factory.SignedInClientAsync("pool-rep1", IdentityRequests.Password);
        _rep2 = await _factory.SignedInClientAsync("pool-rep2", IdentityRequests.Password);
        _lead = await _factory.SignedInClientAsync("pool-lead", IdentityRequests.Password);
        _channel = await _factory.SignedInClientAsync("pool-channel", IdentityRequests.Password);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<string> PoolCustomerAsync(string name) =>
        (await CreateAsync(_admin, App, "customer", new JsonObject { ["name"] = name, ["owner"] = null, ["cost_price"] = name.Length * 1000 + Random.Shared.Next(999) }))["id"]!.GetValue<string>();

    private static Task<(HttpStatusCode, JsonNode?)> Post(HttpClient c, string url, object? body = null) => SendAsync(c, HttpMethod.Post, url, body ?? new { });

    private static async Task<List<string>> ActionsAsync(HttpClient c, string id)
    {
        var (status, history) = await SendAsync(c, HttpMethod.Get, $"{Customers}/{id}/history");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), history?.ToJsonString());
        return history!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
    }

    [Test]
    public async Task Records_without_owner_are_visible_to_pool_members_and_no_one_else()
    {
        var id = await PoolCustomerAsync("公海客户甲");
        foreach (var member in new[] { _rep1, _rep2, _lead })
        {
            var (status, record) = await SendAsync(member, HttpMethod.Get, $"{Customers}/{id}");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(record!["owner"], Is.Null);
            Assert.That(((JsonObject)record).ContainsKey("cost_price"), Is.False, "field masks still apply to pool rows");
            var page = await QueryAsync(member, App, "customer", new { filter = new { field = "owner", op = "isEmpty" } });
            Assert.That(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()), Does.Contain(id));
        }
        var (s, _) = await SendAsync(_channel, HttpMethod.Get, $"{Customers}/{id}");
        Assert.That(s, Is.EqualTo(HttpStatusCode.NotFound), "channel staff are not pool members");
        (s, _) = await Post(_channel, $"{Customers}/{id}/claim");
        Assert.That(s, Is.EqualTo(HttpStatusCode.Forbidden));
        (s, _) = await SendAsync(_rep1, HttpMethod.Patch, $"{Customers}/{id}", new { name = "改名" }, ifMatch: "1");
        Assert.That(s, Is.EqualTo(HttpStatusCode.Forbidden), "the pool is read-only until claimed");
    }

    [Test]
    public async Task Claim_limit_cooldown_release_and_assign_are_enforced_and_audited()
    {
        var a = await PoolCustomerAsync("公海客户乙");
        var b = await PoolCustomerAsync("公海客户丙");
        var c = await PoolCustomerAsync("公海客户丁");

        var (status, claimed) = await Post(_rep1, $"{Customers}/{a}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), claimed?.ToJsonString());
        Assert.That(claimed!["owner"]!.GetValue<string>(), Is.EqualTo(_rep1Id));
        Assert.That(claimed["department"]!.GetValue<string>(), Is.EqualTo(_east1), "the record follows its new owner's department");

        (status, _) = await Post(_rep2, $"{Customers}/{a}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), "an owned record is no longer visible to other reps");
        (status, var owned) = await Post(_lead, $"{Customers}/{a}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict), "the lead sees it, and it is owned");
        Assert.That(owned!["current"]!["owner"]!.GetValue<string>(), Is.EqualTo(_rep1Id));
        Assert.That(((JsonObject)owned["current"]!).ContainsKey("cost_price"), Is.False, "the 409 body hides masked fields");

        (status, _) = await Post(_rep1, $"{Customers}/{b}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        (status, var limit) = await Post(_rep1, $"{Customers}/{c}/claim");
        Assert.That(status, Is.EqualTo((HttpStatusCode)429));
        Assert.That(limit!["title"]!.GetValue<string>(), Does.Contain("limit is 2"));
        Assert.That((await SendAsync(_admin, HttpMethod.Get, $"{Customers}/{c}")).Item2!["owner"], Is.Null, "a refused claim changes nothing");

        (status, var released) = await Post(_rep1, $"{Customers}/{a}/release");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(released!["owner"], Is.Null);
        (status, var cooldown) = await Post(_rep1, $"{Customers}/{a}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), "within the cooldown after releasing it");
        Assert.That(Errors(cooldown)["owner"]![0]!.GetValue<string>(), Does.Contain("7 days"));

        (status, _) = await Post(_rep2, $"{Customers}/{a}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "another member may claim it at once");
        (status, _) = await Post(_rep1, $"{Customers}/{b}/release");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        (status, _) = await Post(_rep1, $"{Customers}/{a}/release");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), "not theirs any more, and not visible");
        (status, _) = await Post(_lead, $"{Customers}/{a}/release");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden), "only the owner releases");

        (status, var bad) = await Post(_lead, $"{Customers}/{a}/assign", new { userId = _disabledId });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), bad?.ToJsonString());
        (status, _) = await Post(_rep2, $"{Customers}/{a}/assign", new { userId = _rep1Id });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "an owner with update permission may hand the record on");
        (status, _) = await Post(_rep2, $"{Customers}/{a}/assign", new { userId = _rep2Id });
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), "rep2 no longer reaches it");
        (status, var assigned) = await Post(_lead, $"{Customers}/{a}/assign", new { userId = _rep2Id });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), assigned?.ToJsonString());
        Assert.That(assigned!["owner"]!.GetValue<string>(), Is.EqualTo(_rep2Id));

        Assert.That(await ActionsAsync(_admin, a), Is.EqualTo(new[] { "create", "claim", "release", "claim", "assign", "assign" }));
        var (_, history) = await SendAsync(_lead, HttpMethod.Get, $"{Customers}/{a}/history");
        Assert.That(history!.ToJsonString(), Does.Not.Contain("cost_price"), "history hides masked fields");
        Assert.That(history[1]!["by"]!["id"]!.GetValue<string>(), Is.EqualTo(_rep1Id));
        Assert.That(history[1]!["changed"]!.AsArray().Select(x => x!.GetValue<string>()), Does.Contain("owner"));
    }

    [Test]
    public async Task A_workflow_that_clears_the_owner_as_system_is_audited_as_a_release_and_starts_the_cooldown()
    {
        var id = await PoolCustomerAsync("公海客户戊");
        var (status, _) = await Post(_rep2, $"{Customers}/{id}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        await WorkflowRuns.PublishAsync(_admin, App, """
        { "key": "back-to-pool", "name": "退回公海", "trigger": { "type": "manual" },
          "activities": [ { "id": "u", "type": "updateRecord", "properties": { "model": "customer", "id": { "expr": "trigger.recordId" }, "values": { "owner": null } } } ] }
        """);
        var detail = await WorkflowRuns.RunAndSettleAsync(_admin, _admin, App, "back-to-pool", id);
        Assert.That(WorkflowRuns.Status(detail), Is.EqualTo("completed"), WorkflowRuns.Incident(detail));
        var (_, history) = await SendAsync(_admin, HttpMethod.Get, $"{Customers}/{id}/history");
        var last = history!.AsArray()[^1]!;
        Assert.That(last["action"]!.GetValue<string>(), Is.EqualTo("release"));
        Assert.That(last["by"]!["id"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(last["before"]!["owner"]!.GetValue<string>(), Is.EqualTo(_rep2Id));
        (status, _) = await Post(_rep2, $"{Customers}/{id}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), "the previous owner waits out the cooldown");
        (status, _) = await Post(_lead, $"{Customers}/{id}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "other members may claim it");
    }

    [Test]
    public async Task Models_without_a_pool_and_invalid_pool_options_are_refused()
    {
        var deal = await CreateAsync(_admin, App, "deal", new { title = "无公海" });
        var (status, _) = await Post(_rep1, $"/api/apps/{App}/models/deal/records/{deal["id"]}/claim");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));

        var package = MatrixApp.Package();
        package["key"] = "matrix-bad";
        var pool = (JsonObject)package["models"]![0]!["pool"]!;
        pool["members"] = new JsonArray("rep", "ghost");
        pool["claimPeriod"] = "year";
        var response = await _admin.PostAsJsonAsync("/api/apps/import", package);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["models[0].pool.members"]![0]!.GetValue<string>(), Does.Contain("'ghost'"));
        pool["members"] = new JsonArray("rep");
        response = await _admin.PostAsJsonAsync("/api/apps/import", package);
        problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Does.Contain("models[0].pool.claimPeriod"));
        Assert.That((await _admin.GetAsync("/api/apps/matrix-bad/export")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was installed");
    }
}
