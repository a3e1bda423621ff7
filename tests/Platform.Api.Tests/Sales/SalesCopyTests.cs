using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Sales;

/// <summary>IT copies the sales app for a second team and changes its routing table; the first team is untouched.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class SalesCopyTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = "sales-crm" });
        _admin = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<string?> GroupFor(string app, object inputs)
    {
        var (status, body) = await SendAsync(_admin, HttpMethod.Post, $"/api/apps/{app}/decision-tables/evaluate", new { table = "lead-routing", inputs });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return body!["outputs"]?["group"]?.GetValue<string>();
    }

    [Test]
    public async Task Changing_the_copys_routing_table_leaves_the_first_apps_routing_unchanged()
    {
        var (copied, copy) = await SendAsync(_admin, HttpMethod.Post, "/api/apps/sales-crm/copy", new { key = "sales-team2", name = "二组销售" });
        Assert.That(copied, Is.EqualTo(HttpStatusCode.Created), copy?.ToJsonString());
        var table = (JsonObject)(await SendAsync(_admin, HttpMethod.Get, "/api/apps/sales-team2/decision-tables")).Body!.AsArray()
            .Single(t => t!["key"]!.GetValue<string>() == "lead-routing")!.DeepClone();
        table["rules"]![0]!["when"]!["score"] = ">= 50";
        table["examples"] = new JsonArray(new JsonObject { ["inputs"] = new JsonObject { ["score"] = 40, ["industry"] = "制造", ["budget"] = 0 }, ["expected"] = new JsonObject { ["group"] = "B" } });
        var (saved, problem) = await SendAsync(_admin, HttpMethod.Put, "/api/apps/sales-team2/decision-tables/lead-routing", table);
        Assert.That(saved, Is.EqualTo(HttpStatusCode.OK), problem?.ToJsonString());

        var lead = new { score = 40, industry = "制造", budget = 0 };
        Assert.That(await GroupFor("sales-team2", lead), Is.EqualTo("B"), "the second team now needs 50 points for the senior group");
        Assert.That(await GroupFor("sales-crm", lead), Is.EqualTo("senior"), "the first team still routes 40 points to the senior group");
        var first = (await SendAsync(_admin, HttpMethod.Get, "/api/apps/sales-crm/export")).Body!;
        var rule = first["decisionTables"]!.AsArray().Single(t => t!["key"]!.GetValue<string>() == "lead-routing")!["rules"]![0]!;
        Assert.That(rule["when"]!["score"]!.GetValue<string>(), Is.EqualTo(">= 30"));
        var workflows = (await SendAsync(_admin, HttpMethod.Get, "/api/apps/sales-team2/workflows")).Body!.AsArray();
        Assert.That(workflows.Single(w => w!["key"]!.GetValue<string>() == "lead-routing")!["publishedVersion"], Is.Not.Null, "the copy routes with its own published workflow");
    }
}
