using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Sales;

/// <summary>The sample-data generator run with the sales template's own spec, at a small scale.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class SampleDataTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private JsonNode _report = null!;
    private const string App = "sales-sample";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        var (status, body) = await SendAsync(_client, HttpMethod.Post, "/api/apps/import?from=sales-crm", new { key = App, name = "样例" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body?.ToJsonString());
        (status, _report) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/sample-data?scale=0.01&userScale=0.1");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), _report?.ToJsonString());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<List<JsonObject>> AllAsync(string app, string model, params string[] fields)
    {
        var page = await QueryAsync(_client, app, model, new { page = new { size = 500 }, fields, sort = new[] { new { field = "id", dir = "asc" } } });
        return page["items"]!.AsArray().Cast<JsonObject>().ToList();
    }

    private async Task<List<string>> MembersAsync(string role)
    {
        var (_, body) = await SendAsync(_client, HttpMethod.Get, $"/api/apps/{App}/roles/{role}/members");
        return body!.AsArray().Select(m => m!["userId"]!.GetValue<string>()).ToList();
    }

    [Test]
    public async Task The_template_spec_builds_the_org_tree_and_the_scaled_record_counts()
    {
        Assert.That(_report["departments"]!.GetValue<int>(), Is.EqualTo(13), "HQ, 3 regions, 3 groups each");
        Assert.That(_report["records"]!["lead"]!.GetValue<int>(), Is.EqualTo(200), "20,000 × 0.01");
        Assert.That(_report["records"]!["opportunity"]!.GetValue<int>(), Is.EqualTo(30));
        Assert.That(await CountAsync(_client, App, "lead"), Is.EqualTo(200));
        Assert.That(await MembersAsync("rep"), Has.Count.EqualTo(4), "40 reps × 0.1");
        Assert.That(await MembersAsync("teamLead"), Has.Count.EqualTo(9), "one lead per group, not scaled");
        var (_, departments) = await SendAsync(_client, HttpMethod.Get, "/api/departments");
        var groups = departments!.AsArray().Where(d => d!["depth"]!.GetValue<int>() == 2).ToList();
        Assert.That(groups, Has.Count.EqualTo(9));
        Assert.That(groups.All(g => g!["headUserId"] is not null), Is.True, "each group's lead heads it");
    }

    [Test]
    public async Task Every_rep_owns_leads_and_records_sit_in_their_owners_department()
    {
        var reps = await MembersAsync("rep");
        var leads = await AllAsync(App, "lead", "owner", "department", "status", "score");
        var owners = leads.Select(l => l["owner"]?.GetValue<string>()).OfType<string>().ToHashSet();
        Assert.That(owners, Is.SubsetOf(reps));
        Assert.That(reps, Is.SubsetOf(owners), "every rep owns at least one lead");
        Assert.That(leads.Count(l => l["owner"] is null), Is.InRange(1, 40), "about 5 % of the leads wait in the pool");
        Assert.That(leads.Select(l => l["status"]!.GetValue<string>()).Distinct(), Is.SubsetOf(new[] { "已分配", "跟进中", "已转化", "无效" }));
        Assert.That(leads.All(l => l["score"]!.GetValue<double>() is >= 0 and <= 60), Is.True);
        var (_, users) = await SendAsync(_client, HttpMethod.Get, "/api/users");
        var deptOf = users!.AsArray().ToDictionary(u => u!["id"]!.GetValue<string>(), u => u!["departmentId"]?.GetValue<string>());
        Assert.That(leads.Where(l => l["owner"] is not null).All(l => l["department"]!.GetValue<string>() == deptOf[l["owner"]!.GetValue<string>()]), Is.True);
    }

    [Test]
    public async Task Relations_point_to_generated_records_and_dates_stay_in_their_window()
    {
        var customers = (await AllAsync(App, "customer", "id")).Select(c => c["id"]!.GetValue<string>()).ToHashSet();
        var products = (await AllAsync(App, "product", "id")).Select(c => c["id"]!.GetValue<string>()).ToHashSet();
        var opportunities = await AllAsync(App, "opportunity", "customer", "product", "expected_close", "stage");
        Assert.That(opportunities.Select(o => o["customer"]!.GetValue<string>()).Distinct(), Is.SubsetOf(customers));
        Assert.That(opportunities.Select(o => o["product"]!.GetValue<string>()).Distinct(), Is.SubsetOf(products));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.That(opportunities.Select(o => DateOnly.Parse(o["expected_close"]!.GetValue<string>())),
            Has.All.InRange(today.AddDays(-31), today.AddDays(121)));
        var byName = await QueryAsync(_client, App, "opportunity", new { filter = new { not = new { field = "customer.name", op = "isEmpty" } }, total = true, page = new { size = 1 } });
        Assert.That(byName["total"]!.GetValue<long>(), Is.EqualTo(30), "the relation resolves in queries too");
    }

    [Test]
    public async Task Orders_add_up_from_their_lines_and_the_counted_ones_fill_the_sales_dashboard()
    {
        Assert.That(_report["records"]!["order"]!.GetValue<int>(), Is.EqualTo(15), "1,500 × 0.01");
        var orders = await AllAsync(App, "order", "lines", "total", "counts_in_sales", "signed", "signed_on");
        Assert.That(orders, Has.Count.EqualTo(15));
        foreach (var order in orders)
        {
            var lines = order["lines"]!.AsArray().Select(l => l!.AsObject()).ToList();
            Assert.That(lines, Has.Count.InRange(1, 3));
            Assert.That(lines.All(l => l["amount"]!.GetValue<decimal>() == l["quantity"]!.GetValue<decimal>() * l["unit_price"]!.GetValue<decimal>()), Is.True, "line amount = quantity × price");
            Assert.That(lines.All(l => l["list_price"] is not null), Is.True, "the list price is copied from the product");
            Assert.That(order["total"]!.GetValue<decimal>(), Is.EqualTo(lines.Sum(l => l["amount"]!.GetValue<decimal>())), "the total adds up the lines");
        }
        var counted = orders.Where(o => o["counts_in_sales"]?.GetValue<bool>() == true).ToList();
        Assert.That(counted, Is.Not.Empty);
        Assert.That(counted.Count, Is.LessThan(orders.Count), "drafts and unsigned orders do not count");
        var (status, sums) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/order/records/aggregate",
            new { filter = new { field = "counts_in_sales", op = "eq", value = true }, measures = new[] { new { op = "sum", field = "total", @as = "amount" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), sums?.ToJsonString());
        Assert.That(sums!["rows"]![0]!["amount"]!.GetValue<decimal>(), Is.EqualTo(counted.Sum(o => o["total"]!.GetValue<decimal>())));
    }

    [Test]
    public async Task An_expression_that_fails_is_a_400_naming_the_generator_and_changes_nothing()
    {
        var (s, _) = await SendAsync(_client, HttpMethod.Post, "/api/apps/import?from=sales-crm", new { key = "expr-bad", name = "expr-bad" });
        Assert.That(s, Is.EqualTo(HttpStatusCode.Created));
        var spec = new JsonObject
        {
            ["seed"] = 3,
            ["records"] = new JsonArray(new JsonObject
            {
                ["model"] = "product", ["count"] = 3,
                ["fields"] = new JsonObject { ["name"] = new JsonObject { ["text"] = "P{n}" }, ["list_price"] = new JsonObject { ["expr"] = "missing_field.price" } },
            }, new JsonObject
            {
                ["model"] = "product", ["count"] = 1,
                ["fields"] = new JsonObject { ["name"] = new JsonObject { ["expr"] = "1 +" } },
            }),
        };
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, "/api/apps/expr-bad/sample-data", spec);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["records[1].fields.name.expr"], Is.Not.Null, "a syntax error is found before anything runs");
        spec["records"]!.AsArray().RemoveAt(1);
        (status, problem) = await SendAsync(_client, HttpMethod.Post, "/api/apps/expr-bad/sample-data", spec);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["records[0].fields.list_price.expr"]![0]!.GetValue<string>(), Does.StartWith("Record 1:"));
        Assert.That(await CountAsync(_client, "expr-bad", "product"), Is.EqualTo(0), "nothing was written");
    }

    [Test]
    public async Task The_same_seed_gives_the_same_records_and_a_bad_spec_changes_nothing()
    {
        JsonObject Spec(string prefix) => new()
        {
            ["seed"] = 7,
            ["departments"] = new JsonArray(new JsonObject { ["key"] = "g", ["name"] = prefix + "组" }),
            ["users"] = new JsonArray(new JsonObject { ["roles"] = new JsonArray("rep"), ["count"] = 2, ["departments"] = new JsonArray("g"), ["userName"] = prefix + "{n}", ["displayName"] = new JsonObject { ["text"] = "代表{n}" } }),
            ["password"] = "Sample-data-2026",
            ["records"] = new JsonArray(new JsonObject
            {
                ["model"] = "lead", ["count"] = 25, ["owner"] = new JsonObject { ["role"] = "rep" },
                ["fields"] = new JsonObject { ["company"] = new JsonObject { ["concat"] = new JsonArray(new JsonObject { ["pick"] = new JsonArray("华东", "华南") }, new JsonObject { ["text"] = "公司{n:000}" }) },
                                               ["budget"] = new JsonObject { ["range"] = new JsonArray(1, 100) }, ["industry"] = new JsonObject { ["pick"] = "options" } },
            }),
        };
        foreach (var (app, prefix) in new[] { ("seed-a", "a-rep"), ("seed-b", "b-rep") })
        {
            var (s, _) = await SendAsync(_client, HttpMethod.Post, "/api/apps/import?from=sales-crm", new { key = app, name = app });
            Assert.That(s, Is.EqualTo(HttpStatusCode.Created));
            var (status, report) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{app}/sample-data", Spec(prefix));
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), report?.ToJsonString());
        }
        string Values(List<JsonObject> rows) => string.Join(";", rows.Select(r => $"{r["id"]}|{r["company"]}|{r["budget"]}|{r["industry"]}"));
        var a = await AllAsync("seed-a", "lead", "company", "budget", "industry");
        Assert.That(a, Has.Count.EqualTo(25));
        Assert.That(Values(await AllAsync("seed-b", "lead", "company", "budget", "industry")), Is.EqualTo(Values(a)));

        var again = Spec("a-rep");
        again["records"]![0]!["fields"]!["budget"] = new JsonObject { ["range"] = new JsonArray(100, 1) };
        var (bad, problem) = await SendAsync(_client, HttpMethod.Post, "/api/apps/seed-b/sample-data", again);
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["users[0].userName"]![0]!.GetValue<string>(), Does.Contain("'a-rep1' is taken"));
        Assert.That(Errors(problem)["records[0].fields.budget.range"], Is.Not.Null);
        Assert.That(await CountAsync(_client, "seed-b", "lead"), Is.EqualTo(25), "nothing was added");
        var departments = (await SendAsync(_client, HttpMethod.Get, "/api/departments")).Body!.AsArray();
        Assert.That(departments.Count(d => d!["name"]!.GetValue<string>() == "a-rep组"), Is.EqualTo(1), "no second department tree");
    }
}
