using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Sales;

/// <summary>
/// Price control (S17) as the sales template defines it: models/order.json rules and formulas,
/// decision-tables/price-approval.json (≤ 15% off: team lead; deeper: team lead then director),
/// workflows/order-price-approval.json, and the sales figures (dashboards/sales-figures.json) that count
/// only approved and signed orders.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
[NonParallelizable]
public class SalesPriceApprovalTests(string provider)
{
    private const string App = "sales-crm";
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private readonly Dictionary<string, string> _users = new();
    private string _product = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = App });
        _admin = await _factory.SignedInClientAsync();
        var hq = await _admin.CreateDepartmentAsync("销售中心");
        var south = await _admin.CreateDepartmentAsync("华南组", hq);
        _users["director"] = await _admin.CreateUserAsync("price-director", hq, $"{App}/director");
        _users["lead"] = await _admin.CreateUserAsync("price-lead", south, $"{App}/teamLead");
        _users["rep"] = await _admin.CreateUserAsync("price-rep", south, $"{App}/rep");
        _users["rep2"] = await _admin.CreateUserAsync("price-rep2", south, $"{App}/rep");
        Assert.That((await _admin.PutAsJsonAsync($"/api/departments/{hq}", new { name = "销售中心", headUserId = _users["director"] })).IsSuccessStatusCode);
        Assert.That((await _admin.PutAsJsonAsync($"/api/departments/{south}", new { name = "华南组", headUserId = _users["lead"] })).IsSuccessStatusCode);
        _product = (await CreateAsync(_admin, App, "product", new { name = "储能柜 100kWh", list_price = 10000 }))["id"]!.GetValue<string>();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private Task<HttpClient> As(string user) => _factory.SignedInClientAsync(user, IdentityRequests.Password);

    private static string Url(string id) => $"/api/apps/{App}/models/order/records/{id}";

    private async Task<(HttpStatusCode Status, JsonNode? Body)> Patch(HttpClient client, string id, object values)
    {
        var current = (await SendAsync(client, HttpMethod.Get, Url(id))).Body!;
        return await SendAsync(client, HttpMethod.Patch, Url(id), values, $"\"{current["rowVersion"]}\"");
    }

    private async Task<JsonObject> NewOrder(HttpClient rep, decimal unitPrice, int quantity = 2, decimal listPrice = 10000m)
    {
        var customer = (await CreateAsync(rep, App, "customer", new { name = "深圳某电子 " + Guid.NewGuid().ToString("N")[..6] }))["id"]!.GetValue<string>();
        var (status, body) = await SendAsync(rep, HttpMethod.Post, $"/api/apps/{App}/models/order/records", new
        {
            customer, total = unitPrice * quantity,
            lines = new[] { new { product = _product, quantity, list_price = listPrice, unit_price = unitPrice, amount = unitPrice * quantity } },
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body?.ToJsonString());
        return (JsonObject)body!;
    }

    private static async Task<object> Stamp(HttpClient client)
    {
        var content = new ByteArrayContent("%PDF-1.4 stamped"u8.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var response = await client.PostAsync("/api/files", new MultipartFormDataContent { { content, "file", "盖章确认函.pdf" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return new[] { new { id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>() } };
    }

    private async Task<JsonObject> Eventually(string id, Func<JsonObject, bool> until, string what)
    {
        JsonObject record = null!;
        for (var i = 0; i < 200; i++)
        {
            record = (JsonObject)(await SendAsync(_admin, HttpMethod.Get, Url(id))).Body!;
            if (until(record)) return record;
            await Task.Delay(100);
        }
        Assert.Fail($"{what}; last: {record.ToJsonString()}");
        return record;
    }

    private async Task<List<JsonObject>> Inbox(string user) =>
        (await (await As(user)).GetFromJsonAsync<JsonObject>("/api/tasks?assignee=me"))!["items"]!.AsArray().Select(t => (JsonObject)t!).ToList();

    private async Task<JsonObject> TaskFor(string user, string id)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await Inbox(user)).FirstOrDefault(t => t["recordId"]?.GetValue<string>() == id) is { } task) return task;
            await Task.Delay(100);
        }
        Assert.Fail($"{user} never got the price approval of {id}");
        return null!;
    }

    private async Task Act(string user, JsonObject task, string action, string? comment = null)
    {
        var (status, body) = await SendAsync(await As(user), HttpMethod.Post, $"/api/tasks/{task["id"]}/complete", new { action, comment });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
    }

    private static string Status(JsonObject order) => order["approval_status"]!.GetValue<string>();

    [Test]
    public async Task An_order_at_list_price_is_approved_on_submission_and_counts_once_signed()
    {
        var rep = await As("price-rep");
        var order = await NewOrder(rep, 10000);
        var id = order["id"]!.GetValue<string>();
        Assert.That((order["below_list"]!.GetValue<bool>(), order["counts_in_sales"]!.GetValue<bool>()), Is.EqualTo((false, false)));
        Assert.That((await Patch(rep, id, new { approval_status = "审批中" })).Status, Is.EqualTo(HttpStatusCode.OK));
        var approved = await Eventually(id, o => Status(o) == "已批准", "no price change, nothing to approve");
        Assert.That(approved["counts_in_sales"]!.GetValue<bool>(), Is.False, "approved but not signed yet");
        Assert.That(await Inbox("price-lead"), Has.None.Matches<JsonObject>(t => t["recordId"]?.GetValue<string>() == id));

        var unsigned = await Patch(rep, id, new { signed = true });
        Assert.That(unsigned.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(unsigned.Body).Select(e => e.Key), Is.EqualTo(new[] { "signed_on" }));
        var (_, signed) = await Patch(rep, id, new { signed = true, signed_on = "2026-10-15" });
        Assert.That(signed!["counts_in_sales"]!.GetValue<bool>(), Is.True, "approved and signed");
    }

    [Test]
    public async Task A_price_below_list_needs_the_stamped_confirmation_then_the_team_lead_and_the_order_is_locked_meanwhile()
    {
        var rep = await As("price-rep");
        var order = await NewOrder(rep, 8500);   // 15% off: the edge of the team lead's range
        var id = order["id"]!.GetValue<string>();
        Assert.That((order["below_list"]!.GetValue<bool>(), order["max_discount"]!.GetValue<decimal>()), Is.EqualTo((true, 0.15m)));

        var early = await Patch(rep, id, new { approval_status = "审批中" });
        Assert.That(early.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(early.Body)["stamped_confirmation"]![0]!.GetValue<string>(), Does.Contain("盖章确认函"), "no approval without the stamped confirmation");
        var self = await Patch(rep, id, new { approval_status = "已批准" });
        Assert.That(Errors(self.Body)["approval_status"]![0]!.GetValue<string>(), Does.Contain("审批流程"), "a rep cannot approve their own price");

        Assert.That((await Patch(rep, id, new { stamped_confirmation = await Stamp(rep), approval_status = "审批中" })).Status, Is.EqualTo(HttpStatusCode.OK));
        var task = await TaskFor("price-lead", id);
        Assert.That(task["title"]!.GetValue<string>(), Does.Contain("最大折扣 15%"));
        Assert.That(task["stepCount"]!.GetValue<long>(), Is.EqualTo(1), "15% needs the team lead only");
        var locked = await Patch(rep, id, new { stamped_confirmation = Array.Empty<object>() });
        Assert.That(locked.Status, Is.EqualTo(HttpStatusCode.Conflict), "the order is locked while it is under approval");

        await Act("price-lead", task, "approve", "同意八五折");
        var approved = await Eventually(id, o => Status(o) == "已批准", "the team lead's approval");
        Assert.That(approved["counts_in_sales"]!.GetValue<bool>(), Is.False);
        Assert.That(await Inbox("price-director"), Has.None.Matches<JsonObject>(t => t["recordId"]?.GetValue<string>() == id));
        var frozen = await Patch(rep, id, new { lines = new[] { new { product = _product, quantity = 2, list_price = 10000m, unit_price = 5000m, amount = 10000m } } });
        Assert.That(Errors(frozen.Body).Select(e => e.Key), Is.EqualTo(new[] { "lines" }), "an approved price cannot be changed afterwards");
        var (_, signed) = await Patch(rep, id, new { signed = true, signed_on = "2026-11-03" });
        Assert.That(signed!["counts_in_sales"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task A_rep_who_types_a_lower_list_price_still_needs_the_approval()
    {
        var rep = await As("price-rep2");
        var order = await NewOrder(rep, 8500, listPrice: 8000);   // "list price" typed below the offered price
        var id = order["id"]!.GetValue<string>();
        var line = order["lines"]![0]!;
        Assert.That(line["list_price"]!.GetValue<decimal>(), Is.EqualTo(10000m), "the line takes the product's list price (copyFrom)");
        Assert.That((order["below_list"]!.GetValue<bool>(), order["max_discount"]!.GetValue<decimal>()), Is.EqualTo((true, 0.15m)));
        var resent = await Patch(rep, id, new { lines = new[] { new { id = line["id"]!.GetValue<string>(), product = _product, quantity = 2, list_price = 1m, unit_price = 8500m, amount = 17000m } } });
        Assert.That(resent.Body!["lines"]![0]!["list_price"]!.GetValue<decimal>(), Is.EqualTo(10000m), "a list price sent on an edit is ignored too");

        var early = await Patch(rep, id, new { approval_status = "审批中" });
        Assert.That(Errors(early.Body).Select(e => e.Key), Is.EqualTo(new[] { "stamped_confirmation" }), "below list: the stamped confirmation is needed");
        Assert.That((await Patch(rep, id, new { stamped_confirmation = await Stamp(rep), approval_status = "审批中" })).Status, Is.EqualTo(HttpStatusCode.OK));
        var task = await TaskFor("price-lead", id);
        Assert.That(task["title"]!.GetValue<string>(), Does.Contain("最大折扣 15%"));
        Assert.That(Status(await Eventually(id, _ => true, "")), Is.EqualTo("审批中"), "not approved on submission");
    }

    [Test]
    public async Task A_deep_discount_goes_to_the_team_lead_then_the_director_and_a_rejected_order_never_counts()
    {
        var rep = await As("price-rep2");
        var deep = (await NewOrder(rep, 8400))["id"]!.GetValue<string>();   // 16% off
        Assert.That((await Patch(rep, deep, new { stamped_confirmation = await Stamp(rep), approval_status = "审批中" })).Status, Is.EqualTo(HttpStatusCode.OK));
        var first = await TaskFor("price-lead", deep);
        Assert.That((first["step"]!.GetValue<long>(), first["stepCount"]!.GetValue<long>()), Is.EqualTo((1L, 2L)));
        await Act("price-lead", first, "approve");
        var second = await TaskFor("price-director", deep);
        Assert.That(second["stepName"]!.GetValue<string>(), Is.EqualTo("销售总监"));
        Assert.That(Status(await Eventually(deep, _ => true, "")), Is.EqualTo("审批中"), "one approval of two is not enough");
        await Act("price-director", second, "approve");
        await Eventually(deep, o => Status(o) == "已批准", "the director's approval completes it");
        await Patch(rep, deep, new { signed = true, signed_on = "2026-11-20" });

        var refused = (await NewOrder(rep, 7000))["id"]!.GetValue<string>();
        await Patch(rep, refused, new { stamped_confirmation = await Stamp(rep), approval_status = "审批中" });
        await Act("price-lead", await TaskFor("price-lead", refused), "reject", "折扣太深");
        var rejected = await Eventually(refused, o => Status(o) == "已驳回", "a rejection");
        var (_, signedAnyway) = await Patch(rep, refused, new { signed = true, signed_on = "2026-11-21" });
        Assert.That(signedAnyway!["counts_in_sales"]!.GetValue<bool>(), Is.False, "signed but rejected: not in the figures");
        Assert.That(rejected["max_discount"]!.GetValue<decimal>(), Is.EqualTo(0.3m));
    }

    [Test]
    public async Task The_sales_figures_dashboard_sums_only_counted_orders_per_month_and_per_rep()
    {
        var rep = await As("price-rep");
        var c1 = (await NewOrder(rep, 10000, 3))["id"]!.GetValue<string>();   // 30,000, approved + signed in 2027-01
        var c2 = (await NewOrder(rep, 10000, 1))["id"]!.GetValue<string>();   // 10,000, approved + signed in 2027-02
        var open = (await NewOrder(rep, 10000, 5))["id"]!.GetValue<string>(); // 50,000, signed but never submitted
        foreach (var (id, date) in new[] { (c1, "2027-01-10"), (c2, "2027-02-01") })
        {
            await Patch(rep, id, new { approval_status = "审批中" });
            await Eventually(id, o => Status(o) == "已批准", "approved");
            await Patch(rep, id, new { signed = true, signed_on = date });
        }
        await Patch(rep, open, new { signed = true, signed_on = "2027-01-20" });

        var package = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/export")).Body!;
        var dashboard = package["dashboards"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "sales-figures")!;
        JsonArray Run(string widget)
        {
            var w = dashboard["widgets"]!.AsArray().Single(x => x!["key"]!.GetValue<string>() == widget)!;
            var (status, body) = SendAsync(_admin, HttpMethod.Post, $"/api/apps/{App}/models/{w["model"]}/records/aggregate", w["query"]!.DeepClone()).GetAwaiter().GetResult();
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
            return body!["rows"]!.AsArray();
        }
        var months = Run("by-month").ToDictionary(g => g!["signed_on:month"]!.ToString()[..7], g => g!["amount"]!.GetValue<decimal>());
        Assert.That(months["2027-01"], Is.EqualTo(30000m), "the unapproved 50,000 signed in January does not count");
        Assert.That(months["2027-02"], Is.EqualTo(10000m));
        var perRep = Run("by-rep").ToDictionary(g => g!["owner"]!.ToString(), g => g!["amount"]!.GetValue<decimal>());
        var counted = await QueryAsync(_admin, App, "order", new { filter = new { field = "counts_in_sales", op = "eq", value = true } });
        var expected = counted["items"]!.AsArray().GroupBy(o => o!["owner"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Sum(o => o!["total"]!.GetValue<decimal>()));
        Assert.That(perRep, Is.EquivalentTo(expected), "per rep: the sum of that rep's approved and signed orders");
        Assert.That(perRep[_users["rep"]], Is.GreaterThanOrEqualTo(40000m));
        Assert.That(Run("by-rep-month"), Is.Not.Empty);
    }
}
