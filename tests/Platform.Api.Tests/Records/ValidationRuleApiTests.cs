using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>Validation rules and formulas over HTTP: 400 with the rule messages, import row reports, model saves refused.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class ValidationRuleApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "rules-api";

    private static JsonObject Model() => (JsonObject)JsonNode.Parse("""
        { "key": "order", "name": "订单", "fields": [
            { "key": "customer", "type": "text", "label": "客户" },
            { "key": "quantity", "type": "number", "label": "数量" },
            { "key": "unit_price", "type": "decimal", "label": "单价" },
            { "key": "amount", "type": "formula", "formula": { "expression": "record.quantity * record.unit_price", "resultType": "decimal" } } ],
          "rules": [
            { "key": "positive", "assert": "record.quantity > 0", "message": "数量必须大于0", "messageEn": "Quantity must be above 0", "field": "quantity" },
            { "key": "cap", "assert": "record.amount <= 10000", "message": "金额不能超过10000" } ] }
        """)!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        var package = new JsonObject { ["key"] = App, ["name"] = "rules", ["models"] = new JsonArray(Model()) };
        var response = await _client.PostAsync("/api/apps/import", Json(package));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task A_create_breaking_two_rules_is_400_listing_both_and_writes_nothing()
    {
        var before = await CountAsync(_client, App, "order");
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/order/records", new { customer = "x", quantity = -1, unit_price = 5 });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["quantity"]!.AsArray().Select(x => x!.GetValue<string>()), Is.EqualTo(new[] { "数量必须大于0" }));
        var (s2, p2) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/order/records", new { customer = "x", quantity = 2000, unit_price = 5.5 });
        Assert.That(s2, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(p2)["_rules"]!.AsArray().Select(x => x!.GetValue<string>()), Is.EqualTo(new[] { "金额不能超过10000" }));
        Assert.That(await CountAsync(_client, App, "order"), Is.EqualTo(before));

        var ok = await CreateAsync(_client, App, "order", new { customer = "y", quantity = 3, unit_price = 19.99 });
        Assert.That(ok["amount"]!.GetValue<decimal>(), Is.EqualTo(59.97m));
        var (s3, p3) = await SendAsync(_client, HttpMethod.Patch, $"/api/apps/{App}/models/order/records/{ok["id"]}", new { quantity = 0 }, ifMatch: "\"1\"");
        Assert.That(s3, Is.EqualTo(HttpStatusCode.BadRequest), p3?.ToJsonString());
        Assert.That(Errors(p3)["quantity"]![0]!.GetValue<string>(), Is.EqualTo("数量必须大于0"));
    }

    [Test]
    public async Task Each_imported_row_breaking_a_rule_is_reported_with_the_rule_message()
    {
        var csv = "customer,quantity,unit_price\nA,1,10\nB,0,10\nC,5000,3\nD,2,2\n";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "orders.csv");
        form.Add(new StringContent("""{ "mode": "skipBadRows" }""", Encoding.UTF8), "options");
        var response = await _client.PostAsync($"/api/apps/{App}/models/order/records/import", form);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(2), report.ToJsonString());
        var rejected = report["rejected"]!.AsArray();
        Assert.That(rejected.Select(r => r!["row"]!.GetValue<int>()), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(rejected[0]!["errors"]!["quantity"]![0]!.GetValue<string>(), Is.EqualTo("数量必须大于0"));
        Assert.That(rejected[1]!["errors"]!["_rules"]![0]!.GetValue<string>(), Is.EqualTo("金额不能超过10000"));
    }

    [Test]
    public async Task Saving_a_model_with_bad_javascript_in_a_rule_is_400_naming_the_rule()
    {
        var model = Model();
        model["rules"]![1]!["assert"] = "record.amount <=";
        var (status, problem) = await SendAsync(_client, HttpMethod.Put, $"/api/apps/{App}/models/order", model);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        var (key, messages) = Errors(problem).Single();
        Assert.That(key, Is.EqualTo("rules[1](cap).assert"));
        Assert.That(messages![0]!.GetValue<string>(), Does.StartWith("Rule 'cap': The expression is not valid"));
    }
}
