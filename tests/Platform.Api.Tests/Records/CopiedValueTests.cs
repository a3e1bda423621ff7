using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>
/// Field option copyFrom ("product.list_price"): the server copies the related value in on create and when
/// the relation changes, ignores what the client sends, keeps the snapshot when the source changes later,
/// in top-level fields, sub-table lines and imports; bad definitions are refused.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class CopiedValueTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "copy-api";
    private string _cheap = "", _dear = "";

    private static JsonObject OrderModel() => (JsonObject)JsonNode.Parse("""
        { "key": "order", "name": "订单", "fields": [
            { "key": "title", "type": "text" },
            { "key": "product", "type": "relation", "relation": { "kind": "manyToOne", "model": "product" } },
            { "key": "list_price", "type": "decimal", "copyFrom": "product.list_price" },
            { "key": "lines", "type": "subTable", "subTable": { "fields": [
                { "key": "product", "type": "relation", "relation": { "kind": "manyToOne", "model": "product" } },
                { "key": "list_price", "type": "decimal", "copyFrom": "product.list_price" },
                { "key": "unit_price", "type": "decimal" } ] } },
            { "key": "below_list", "type": "formula", "formula": {
                "expression": "(lines || []).some(l => l.list_price != null && Number(l.unit_price) < Number(l.list_price))", "resultType": "boolean" } } ] }
        """)!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        var product = JsonNode.Parse("""
            { "key": "product", "name": "产品", "displayField": "name", "fields": [
                { "key": "name", "type": "text", "unique": true }, { "key": "list_price", "type": "decimal" } ] }
            """)!;
        var roles = JsonNode.Parse("""
            [ { "key": "rep", "name": "销售", "permissions": {
                "product": { "actions": ["create", "read"], "rowScope": "own" },
                "order": { "actions": ["create", "read", "update"], "rowScope": "own" } } } ]
            """)!;
        var package = new JsonObject { ["key"] = App, ["name"] = "copy", ["models"] = new JsonArray(product, OrderModel()), ["roles"] = roles };
        var response = await _client.PostAsync("/api/apps/import", Json(package));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        _cheap = (await CreateAsync(_client, App, "product", new { name = "小柜", list_price = 100 }))["id"]!.GetValue<string>();
        _dear = (await CreateAsync(_client, App, "product", new { name = "大柜", list_price = 1000 }))["id"]!.GetValue<string>();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private static string Url(string id) => $"/api/apps/{App}/models/order/records/{id}";

    private async Task<JsonObject> Patch(string id, object values)
    {
        var current = (await SendAsync(_client, HttpMethod.Get, Url(id))).Body!;
        var (status, body) = await SendAsync(_client, HttpMethod.Patch, Url(id), values, $"\"{current["rowVersion"]}\"");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return (JsonObject)body!;
    }

    private static decimal? Price(JsonNode? node) => node?.GetValue<decimal>();

    [Test]
    public async Task A_line_takes_the_products_list_price_whatever_the_client_sends()
    {
        var order = await CreateAsync(_client, App, "order", new
        {
            title = "fake", product = _cheap, list_price = 1,
            lines = new[] { new { product = _dear, list_price = 1m, unit_price = 900m }, new { product = _cheap, list_price = 50m, unit_price = 100m } },
        });
        Assert.That(Price(order["list_price"]), Is.EqualTo(100m), "the client's 1 is replaced by the product's price");
        var lines = order["lines"]!.AsArray();
        Assert.That(lines.Select(l => Price(l!["list_price"])), Is.EqualTo(new decimal?[] { 1000m, 100m }));
        Assert.That(order["below_list"]!.GetValue<bool>(), Is.True, "900 is below the real list price 1000, not above the typed 1");
    }

    [Test]
    public async Task The_copy_is_a_snapshot_until_the_relation_changes()
    {
        var product = (await CreateAsync(_client, App, "product", new { name = "变价柜", list_price = 500 }))["id"]!.GetValue<string>();
        var order = await CreateAsync(_client, App, "order", new { product, lines = new[] { new { product, unit_price = 500m } } });
        var id = order["id"]!.GetValue<string>();
        var lineId = order["lines"]![0]!["id"]!.GetValue<string>();
        var (status, body) = await SendAsync(_client, HttpMethod.Patch, $"/api/apps/{App}/models/product/records/{product}", new { list_price = 800 }, "\"1\"");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());

        var edited = await Patch(id, new { title = "改标题", list_price = 2, lines = new object[] { new { id = lineId, product, list_price = 2m, unit_price = 480m }, new { product, unit_price = 480m } } });
        Assert.That(Price(edited["list_price"]), Is.EqualTo(500m), "relation untouched: the stored copy stays and the client's value is ignored");
        Assert.That(edited["lines"]!.AsArray().Select(l => Price(l!["list_price"])), Is.EqualTo(new decimal?[] { 500m, 800m }),
            "the kept line keeps its snapshot, the new line copies today's price");

        var moved = await Patch(id, new { product = _dear, lines = new[] { new { id = lineId, product = _cheap, unit_price = 480m } } });
        Assert.That((Price(moved["list_price"]), Price(moved["lines"]![0]!["list_price"])), Is.EqualTo(((decimal?)1000m, (decimal?)100m)), "a changed relation copies again");
        Assert.That(moved["below_list"]!.GetValue<bool>(), Is.False);
        var cleared = await Patch(id, new { product = (string?)null });
        Assert.That(cleared["list_price"], Is.Null, "no related record, no value");
    }

    [Test]
    public async Task A_line_naming_no_product_is_refused_and_nothing_is_written()
    {
        var before = await CountAsync(_client, App, "order");
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/order/records",
            new { lines = new[] { new { product = _cheap, unit_price = 1m }, new { product = "no-such-product", unit_price = 1m } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That(Errors(problem)["lines"]![0]!.GetValue<string>(), Is.EqualTo("Row 2, product: No product record with id 'no-such-product'."), "lines' relations are checked as top-level ones");
        Assert.That(await CountAsync(_client, App, "order"), Is.EqualTo(before));
    }

    [Test]
    public async Task An_imported_row_gets_the_copy_not_the_files_value()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("title,product,list_price\n导入单,大柜,3\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "orders.csv");
        var response = await _client.PostAsync($"/api/apps/{App}/models/order/records/import", form);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(report["created"]?.GetValue<int>(), Is.EqualTo(1), report.ToJsonString());
        var rows = (await QueryAsync(_client, App, "order", new { filter = new { field = "title", op = "eq", value = "导入单" } }))["items"]!.AsArray();
        Assert.That(Price(rows.Single()!["list_price"]), Is.EqualTo(1000m));
    }

    [Test]
    public async Task A_line_may_only_name_a_product_the_caller_can_see()
    {
        await _client.CreateUserAsync("copy-rep", null, $"{App}/rep");
        var rep = await _factory.SignedInClientAsync("copy-rep", IdentityRequests.Password);
        var own = (await CreateAsync(rep, App, "product", new { name = "自建柜", list_price = 300 }))["id"]!.GetValue<string>();
        var (status, problem) = await SendAsync(rep, HttpMethod.Post, $"/api/apps/{App}/models/order/records",
            new { lines = new[] { new { product = own, unit_price = 1m }, new { product = _dear, unit_price = 1m } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That(Errors(problem)["lines"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { $"Row 2, product: No product record with id '{_dear}'." }),
            "the administrator's product is outside the rep's rows: it cannot be named, nor its price copied");
        var ok = await CreateAsync(rep, App, "order", new { lines = new[] { new { product = own, unit_price = 1m } } });
        Assert.That(Price(ok["lines"]![0]!["list_price"]), Is.EqualTo(300m));
    }

    [TestCase("product.no_such_field", "order.fields.list_price.copyFrom")]
    [TestCase("title.name", "fields[2](list_price).copyFrom")]
    [TestCase("list_price", "fields[2](list_price).copyFrom")]
    public async Task A_copy_from_something_that_is_not_a_related_stored_field_is_refused(string copyFrom, string errorKey)
    {
        var model = OrderModel();
        model["fields"]![2]!["copyFrom"] = copyFrom;
        var (status, problem) = await SendAsync(_client, HttpMethod.Put, $"/api/apps/{App}/models/order", model);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That(Errors(problem).Select(e => e.Key), Has.Some.EndsWith(errorKey));
    }
}
