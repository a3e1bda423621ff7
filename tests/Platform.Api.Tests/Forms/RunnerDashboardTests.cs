using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Forms;

/// <summary>
/// Dashboards in GET /api/apps/{app}/runner (docs/dashboards.md): listed when the caller may read a
/// widget's model and, for a dashboard with `roles`, holds one of them; the menu entry follows.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RunnerDashboardTests(string provider)
{
    private const string App = "sales-crm";
    private const string Copy = "dash-roles";
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = App });
        _admin = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<JsonObject> RunnerAsync(string app, string userName, string role)
    {
        await _admin.CreateUserAsync(userName, null, $"{app}/{role}");
        var client = await _factory.SignedInClientAsync(userName, IdentityRequests.Password);
        var (status, body) = await SendAsync(client, HttpMethod.Get, $"/api/apps/{app}/runner");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return body!.AsObject();
    }

    private static List<string> Keys(JsonNode? list) => list!.AsArray().Select(d => d!["key"]!.GetValue<string>()).ToList();

    private static List<string> DashboardEntries(JsonNode? menus) =>
        menus!.AsArray().SelectMany(g => g!["children"] is JsonArray c ? DashboardEntries(c) : g["dashboard"] is { } d ? [d.GetValue<string>()] : []).ToList();

    [Test]
    public async Task A_director_gets_the_sales_figures_and_legal_who_cannot_read_orders_does_not()
    {
        var director = await RunnerAsync(App, "dash-director", "director");
        Assert.That(Keys(director["dashboards"]), Is.EqualTo(new[] { "sales-figures" }));
        var widgets = director["dashboards"]![0]!["widgets"]!.AsArray();
        Assert.That(widgets.Select(w => w!["chart"]!.GetValue<string>()), Is.EqualTo(new[] { "bar", "ranking", "pivot" }), "the widgets come whole, query included");
        Assert.That(DashboardEntries(director["menus"]), Is.EqualTo(new[] { "sales-figures" }));

        var legal = await RunnerAsync(App, "dash-legal", "legal");
        Assert.That(legal["dashboards"]!.AsArray(), Is.Empty, "every widget is over orders, which legal may not read");
        Assert.That(DashboardEntries(legal["menus"]), Is.Empty, "the 报表 group goes with its only entry");
    }

    [Test]
    public async Task Roles_on_a_dashboard_limit_it_to_those_roles_and_administrators_see_every_dashboard()
    {
        var package = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/export")).Body!.AsObject();
        package["key"] = Copy;
        package["name"] = "看板角色";
        JsonObject Widget(string model) => new() { ["key"] = model, ["chart"] = "number", ["model"] = model, ["query"] = new JsonObject { ["measures"] = new JsonArray(new JsonObject { ["op"] = "count" }) } };
        package["dashboards"] = new JsonArray(
            new JsonObject { ["key"] = "directors-only", ["name"] = "总监", ["roles"] = new JsonArray("director", "teamLead"), ["widgets"] = new JsonArray(Widget("order")) },
            new JsonObject { ["key"] = "orders", ["name"] = "订单", ["widgets"] = new JsonArray(Widget("order")) },
            new JsonObject { ["key"] = "orders-and-contracts", ["name"] = "订单与合同", ["widgets"] = new JsonArray(Widget("order"), Widget("contract")) });
        var (status, body) = await SendAsync(_admin, HttpMethod.Post, "/api/apps/import", package);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body?.ToJsonString());

        Assert.That(Keys((await RunnerAsync(Copy, "roles-director", "director"))["dashboards"]), Is.EqualTo(new[] { "directors-only", "orders", "orders-and-contracts" }));
        Assert.That(Keys((await RunnerAsync(Copy, "roles-finance", "finance"))["dashboards"]), Is.EqualTo(new[] { "orders", "orders-and-contracts" }),
            "finance reads orders but is not one of the dashboard's roles");
        Assert.That(Keys((await RunnerAsync(Copy, "roles-legal", "legal"))["dashboards"]), Is.EqualTo(new[] { "orders-and-contracts" }),
            "legal reads contracts, so a dashboard with one contract widget is theirs; the order widget will say no access");
        Assert.That(Keys((await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{Copy}/runner")).Body!["dashboards"]), Is.EqualTo(new[] { "directors-only", "orders", "orders-and-contracts" }));
    }
}
