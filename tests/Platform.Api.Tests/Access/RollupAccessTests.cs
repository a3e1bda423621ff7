using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Access;

/// <summary>
/// Rollups and permissions (docs/permissions.md, "Rollups"): a rollup is computed over all child rows,
/// whatever the caller's row scope, but a sum/min/max over a child field the caller may not see is
/// itself hidden, on every path (detail, query, filter, aggregate, schema, model description).
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RollupAccessTests(string provider)
{
    private const string App = "rollup-access";
    private PlatformFactory _factory = null!;
    private readonly Dictionary<string, HttpClient> _sessions = new();
    private string _order = "";

    private static JsonObject Package() => (JsonObject)JsonNode.Parse($$"""
    {
      "key": "{{App}}", "name": "汇总权限",
      "models": [
        { "key": "order", "name": "订单", "displayField": "title", "fields": [
            { "key": "title", "type": "text", "required": true },
            { "key": "lines", "type": "relation", "relation": { "kind": "oneToMany", "model": "line", "field": "order" } },
            { "key": "total_amount", "type": "rollup", "rollup": { "relation": "lines", "field": "amount", "op": "sum" } },
            { "key": "total_cost", "type": "rollup", "rollup": { "relation": "lines", "field": "cost", "op": "sum" } },
            { "key": "max_cost", "type": "rollup", "rollup": { "relation": "lines", "field": "cost", "op": "max" } },
            { "key": "line_count", "type": "rollup", "rollup": { "relation": "lines", "op": "count" } } ] },
        { "key": "line", "name": "订单行", "fields": [
            { "key": "order", "type": "relation", "relation": { "kind": "manyToOne", "model": "order" } },
            { "key": "amount", "type": "decimal" },
            { "key": "cost", "type": "decimal" } ] }
      ],
      "roles": [
        { "key": "clerk", "name": "文员", "permissions": {
            "order": { "actions": ["read"], "rowScope": "all" },
            "line": { "actions": ["read"], "rowScope": "own", "fields": { "cost": "hidden" } } } },
        { "key": "viewer", "name": "只看订单", "permissions": {
            "order": { "actions": ["read"], "rowScope": "all" } } },
        { "key": "manager", "name": "经理", "permissions": {
            "order": { "actions": ["read"], "rowScope": "all" },
            "line": { "actions": ["read"], "rowScope": "own" } } }
      ]
    }
    """)!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        var admin = await _factory.SignedInClientAsync();
        var import = await admin.PostAsJsonAsync("/api/apps/import", Package());
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), await import.Content.ReadAsStringAsync());
        _order = (await CreateAsync(admin, App, "order", new { title = "大单" }))["id"]!.GetValue<string>();
        // Lines owned by the administrator: outside every role's "own" scope.
        await CreateAsync(admin, App, "line", new { order = _order, amount = 100, cost = 60 });
        await CreateAsync(admin, App, "line", new { order = _order, amount = 50, cost = 45 });
        foreach (var role in new[] { "clerk", "viewer", "manager" })
        {
            await admin.CreateUserAsync(role + "1", null, $"{App}/{role}");
            _sessions[role] = await _factory.SignedInClientAsync(role + "1", IdentityRequests.Password);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<JsonObject> OrderAsync(string role)
    {
        var (status, body) = await SendAsync(_sessions[role], HttpMethod.Get, $"/api/apps/{App}/models/order/records/{_order}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        return (JsonObject)body!;
    }

    [Test]
    public async Task Rollups_count_every_child_row_whatever_the_callers_row_scope()
    {
        var order = await OrderAsync("manager");
        Assert.That(order["total_amount"]!.GetValue<decimal>(), Is.EqualTo(150m), "lines outside the manager's scope count too");
        Assert.That(order["total_cost"]!.GetValue<decimal>(), Is.EqualTo(105m));
        Assert.That(order["max_cost"]!.GetValue<decimal>(), Is.EqualTo(60m));
        Assert.That(order["line_count"]!.GetValue<long>(), Is.EqualTo(2));
        var (status, lines) = await SendAsync(_sessions["manager"], HttpMethod.Post, $"/api/apps/{App}/models/line/records/query", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(lines!["items"]!.AsArray(), Is.Empty, "while the lines themselves stay out of sight");
    }

    [Test]
    public async Task A_rollup_over_a_field_hidden_from_the_caller_is_hidden_too()
    {
        var order = await OrderAsync("clerk");
        Assert.That(order.ContainsKey("total_cost") || order.ContainsKey("max_cost"), Is.False, order.ToJsonString());
        Assert.That(order["total_amount"]!.GetValue<decimal>(), Is.EqualTo(150m));
        Assert.That(order["line_count"]!.GetValue<long>(), Is.EqualTo(2));

        var clerk = _sessions["clerk"];
        var (_, unknown) = await SendAsync(clerk, HttpMethod.Post, $"/api/apps/{App}/models/order/records/query", new { filter = new { field = "no_such_field", op = "gt", value = 1 } });
        var (status, problem) = await SendAsync(clerk, HttpMethod.Post, $"/api/apps/{App}/models/order/records/query", new { filter = new { field = "total_cost", op = "gt", value = 100 } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), "no filter oracle on the hidden total");
        Assert.That(Errors(problem)["filter.field"]![0]!.GetValue<string>(), Is.EqualTo(Errors(unknown)["filter.field"]![0]!.GetValue<string>().Replace("no_such_field", "total_cost")));
        (status, _) = await SendAsync(clerk, HttpMethod.Post, $"/api/apps/{App}/models/order/records/query", new { sort = new[] { new { field = "max_cost", dir = "desc" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        (status, _) = await SendAsync(clerk, HttpMethod.Post, $"/api/apps/{App}/models/order/records/aggregate", new { measures = new[] { new { op = "sum", field = "total_cost" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));

        var (_, list) = await SendAsync(clerk, HttpMethod.Post, $"/api/apps/{App}/models/order/records/query", new { });
        // Keys and numeric values, not the JSON text: a random id may well contain "105".
        var item = list!["items"]![0]!.AsObject();
        Assert.That(item.Select(p => p.Key), Has.None.EqualTo("total_cost").And.None.EqualTo("max_cost"));
        Assert.That(item.Where(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).Select(p => p.Value!.GetValue<decimal>()),
            Has.None.EqualTo(105m).And.None.EqualTo(60m), "no number of the hidden cost under another name");
        var (_, model) = await SendAsync(clerk, HttpMethod.Get, $"/api/apps/{App}/models/order");
        Assert.That(model!["fields"]!.AsArray().Select(f => f!["key"]!.GetValue<string>()), Is.EquivalentTo(new[] { "title", "lines", "total_amount", "line_count" }));
        var (_, schema) = await SendAsync(clerk, HttpMethod.Get, $"/api/apps/{App}/models/order/schema");
        Assert.That(schema!["properties"]!.AsObject().ContainsKey("max_cost"), Is.False);
    }

    [Test]
    public async Task Without_read_access_to_the_child_model_only_the_count_remains()
    {
        var order = await OrderAsync("viewer");
        Assert.That(order.ContainsKey("total_amount") || order.ContainsKey("total_cost") || order.ContainsKey("max_cost"), Is.False, order.ToJsonString());
        Assert.That(order["line_count"]!.GetValue<long>(), Is.EqualTo(2));
    }
}
