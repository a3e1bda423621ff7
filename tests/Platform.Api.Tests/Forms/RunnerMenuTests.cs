using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Forms;

/// <summary>
/// GET /api/apps/{app}/runner (docs/runner.md): the runner's menu, models, forms and views for the
/// caller, decided on the server from their roles, on the sales template. Dashboards
/// (docs/dashboards.md) are listed when the caller may read a widget's model and, for a dashboard
/// with `roles`, holds one of them; the menu entry follows.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RunnerMenuTests(string provider)
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

    private static List<string> Entries(JsonNode? menus) =>
        menus!.AsArray().SelectMany(g => g!["children"] is JsonArray c ? Entries(c).Select(e => $"{g["label"]}/{e}") :
            [g["model"]?.GetValue<string>() ?? g["form"]?.GetValue<string>() ?? g["view"]?.GetValue<string>() ?? g["dashboard"]!.GetValue<string>()]).ToList();

    [Test]
    public async Task Finance_gets_only_the_menu_entries_models_and_forms_their_role_allows()
    {
        await _admin.CreateUserAsync("menu-finance", null, $"{App}/finance");
        var finance = await _factory.SignedInClientAsync("menu-finance", IdentityRequests.Password);
        var (status, body) = await SendAsync(finance, HttpMethod.Get, $"/api/apps/{App}/runner");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        Assert.That(body!["name"]!.GetValue<string>(), Is.EqualTo("销售管理"));
        var models = body["models"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ToList();
        Assert.That(models, Is.EquivalentTo(new[] { "order", "contract", "payment", "customer", "quote", "product" }));
        Assert.That(Entries(body["menus"]), Is.EqualTo(new[] { "报表/sales-figures", "客户/customer", "商机与订单/quote", "商机与订单/order", "商机与订单/contract", "商机与订单/payment", "基础数据/product" }),
            "groups without an allowed entry are gone");
        Assert.That(body["forms"]!.AsArray(), Is.Empty, "finance may not create or change customers or leads");
        // The package export stays for administrators.
        Assert.That((await finance.GetAsync($"/api/apps/{App}/export")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_rep_gets_the_lead_form_without_its_public_secret_and_an_administrator_the_whole_menu()
    {
        await _admin.CreateUserAsync("menu-rep", null, $"{App}/rep");
        var rep = await _factory.SignedInClientAsync("menu-rep", IdentityRequests.Password);
        var body = (await SendAsync(rep, HttpMethod.Get, $"/api/apps/{App}/runner")).Body!;
        var form = body["forms"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "lead-form")!;
        Assert.That(form["public"]!.ToJsonString(), Is.EqualTo("""{"enabled":true}"""), "the slug stays with administrators");
        var direct = (await SendAsync(rep, HttpMethod.Get, $"/api/apps/{App}/forms/lead-form")).Body!;
        Assert.That(direct["public"]!.ToJsonString(), Is.EqualTo("""{"enabled":true}"""));
        Assert.That((await SendAsync(rep, HttpMethod.Get, $"/api/apps/{App}/forms")).Body!.ToJsonString(), Does.Not.Contain("sales-crm-web-lead-2026"));
        Assert.That(Entries(body["menus"]), Does.Contain("线索/lead-form").And.Contain("客户/followup"));
        var product = body["models"]!.AsArray().Single(m => m!["key"]!.GetValue<string>() == "product")!;
        Assert.That(product["fields"]!.AsArray().Select(f => f!["key"]!.GetValue<string>()), Does.Not.Contain("cost_price"), "hidden fields never leave");

        var all = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/runner")).Body!;
        var package = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/export")).Body!;
        Assert.That(Entries(all["menus"]), Is.EqualTo(Entries(package["menus"])));
        Assert.That(all.ToJsonString(), Does.Not.Contain("sales-crm-web-lead-2026"), "the runner never carries the slug");
    }

    [Test]
    public async Task A_director_who_only_reads_gets_no_form_to_fill()
    {
        await _admin.CreateUserAsync("menu-director", null, $"{App}/director");
        var director = await _factory.SignedInClientAsync("menu-director", IdentityRequests.Password);
        var body = (await SendAsync(director, HttpMethod.Get, $"/api/apps/{App}/runner")).Body!;
        Assert.That(body["forms"]!.AsArray(), Is.Empty);
        Assert.That(Entries(body["menus"]), Does.Contain("线索/lead").And.Not.Contain("线索/lead-form"));
    }

    [Test]
    public async Task A_user_without_a_role_in_the_app_gets_404_and_nobody_signed_in_401()
    {
        await _admin.CreateUserAsync("menu-stranger");
        var stranger = await _factory.SignedInClientAsync("menu-stranger", IdentityRequests.Password);
        Assert.That((await stranger.GetAsync($"/api/apps/{App}/runner")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _factory.CreateClient().GetAsync($"/api/apps/{App}/runner")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<JsonObject> RunnerAsync(string app, string userName, string role)
    {
        await _admin.CreateUserAsync(userName, null, $"{app}/{role}");
        var client = await _factory.SignedInClientAsync(userName, IdentityRequests.Password);
        var (status, body) = await SendAsync(client, HttpMethod.Get, $"/api/apps/{app}/runner");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return body!.AsObject();
    }

    private static List<string> Keys(JsonNode? list) => list!.AsArray().Select(d => d!["key"]!.GetValue<string>()).ToList();

    [Test]
    public async Task A_director_gets_the_sales_figures_and_legal_who_cannot_read_orders_does_not()
    {
        var director = await RunnerAsync(App, "dash-director", "director");
        Assert.That(Keys(director["dashboards"]), Is.EqualTo(new[] { "sales-figures" }));
        var widgets = director["dashboards"]![0]!["widgets"]!.AsArray();
        Assert.That(widgets.Select(w => w!["chart"]!.GetValue<string>()), Is.EqualTo(new[] { "bar", "ranking", "pivot" }), "the widgets come whole, query included");
        Assert.That(Entries(director["menus"]), Does.Contain("报表/sales-figures"));

        var legal = await RunnerAsync(App, "dash-legal", "legal");
        Assert.That(legal["dashboards"]!.AsArray(), Is.Empty, "every widget is over orders, which legal may not read");
        Assert.That(Entries(legal["menus"]), Has.None.StartsWith("报表/"), "the 报表 group goes with its only entry");
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

    [Test]
    public async Task A_package_whose_dashboard_names_what_the_app_lacks_is_refused_with_each_path_and_nothing_is_installed()
    {
        var package = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/export")).Body!.AsObject();
        package["key"] = "dash-bad";
        package["name"] = "坏看板";
        JsonObject Count() => new() { ["op"] = "count" };
        package["dashboards"] = new JsonArray(new JsonObject
        {
            ["key"] = "bad", ["name"] = "坏", ["roles"] = new JsonArray("ceo"),
            ["widgets"] = new JsonArray(
                new JsonObject { ["key"] = "a", ["chart"] = "gauge", ["model"] = "order", ["query"] = new JsonObject { ["measures"] = new JsonArray(Count()) } },
                new JsonObject { ["key"] = "b", ["chart"] = "bar", ["model"] = "invoice", ["query"] = new JsonObject { ["groupBy"] = new JsonArray("x"), ["measures"] = new JsonArray(Count()) } },
                new JsonObject { ["key"] = "c", ["chart"] = "bar", ["model"] = "order", ["query"] = new JsonObject
                {
                    ["groupBy"] = new JsonArray(new JsonObject { ["field"] = "customer.nickname" }, new JsonObject { ["field"] = "code", ["bucket"] = "month" }),
                    ["measures"] = new JsonArray(new JsonObject { ["op"] = "sum", ["field"] = "approval_status" }),
                } },
                new JsonObject { ["key"] = "d", ["chart"] = "pivot", ["model"] = "order", ["query"] = new JsonObject
                {
                    ["groupBy"] = new JsonArray("owner", new JsonObject { ["field"] = "customer.region" }),
                    ["measures"] = new JsonArray(new JsonObject { ["op"] = "sum", ["field"] = "total" }),
                } }),
        });
        var (status, problem) = await SendAsync(_admin, HttpMethod.Post, "/api/apps/import", package);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That(Errors(problem).Select(e => e.Key), Is.EquivalentTo(new[]
        {
            "dashboards[0].roles", "dashboards[0].widgets[0].chart", "dashboards[0].widgets[1].model",
            "dashboards[0].widgets[2].query.groupBy[0]", "dashboards[0].widgets[2].query.groupBy[1].bucket", "dashboards[0].widgets[2].query.measures[0].field",
        }), "the pivot over owner × customer region with a sum of the total is fine");
        Assert.That(Errors(problem)["dashboards[0].widgets[2].query.groupBy[0]"]![0]!.GetValue<string>(), Is.EqualTo("'customer.nickname' is not a field of 'order'."));
        Assert.That((await SendAsync(_admin, HttpMethod.Get, "/api/apps/dash-bad/runner")).Status, Is.EqualTo(HttpStatusCode.NotFound), "nothing was installed");
    }
}
