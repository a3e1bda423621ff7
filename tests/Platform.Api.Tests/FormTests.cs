using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class FormTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = "sales-crm" });
        _client = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private static JsonObject Form(string key) => new()
    {
        ["key"] = key,
        ["model"] = "customer",
        ["name"] = "客户卡片",
        ["layout"] = new JsonArray(
            new JsonObject { ["type"] = "row", ["children"] = new JsonArray(
                new JsonObject { ["type"] = "column", ["span"] = 12, ["children"] = new JsonArray(new JsonObject { ["type"] = "field", ["fieldKey"] = "name" }) },
                new JsonObject { ["type"] = "column", ["span"] = 12, ["children"] = new JsonArray(new JsonObject { ["type"] = "field", ["fieldKey"] = "industry" }) }) }),
        ["rules"] = new JsonArray(new JsonObject
        {
            ["when"] = new JsonObject { ["field"] = "industry", ["op"] = "eq", ["value"] = "医疗" },
            ["then"] = new JsonArray(new JsonObject { ["action"] = "require", ["field"] = "phone" }),
        }),
        ["defaults"] = new JsonObject { ["industry"] = "制造" },
    };

    [Test]
    public async Task A_saved_form_is_read_back_and_lands_in_the_exported_package()
    {
        var version = (await _client.GetFromJsonAsync<JsonElement[]>("/api/apps"))!.Single(a => a.GetProperty("key").GetString() == "sales-crm").GetProperty("version").GetInt64();
        var put = await _client.PutAsJsonAsync("/api/apps/sales-crm/forms/customer-card", Form("customer-card"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var read = await _client.GetFromJsonAsync<JsonElement>("/api/apps/sales-crm/forms/customer-card");
        Assert.That(read.GetProperty("rules")[0].GetProperty("then")[0].GetProperty("field").GetString(), Is.EqualTo("phone"));

        // Saving again replaces the form rather than adding a second one.
        var changed = Form("customer-card");
        changed["name"] = "客户卡片（新）";
        Assert.That((await _client.PutAsJsonAsync("/api/apps/sales-crm/forms/customer-card", changed)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var package = await _client.GetFromJsonAsync<JsonElement>("/api/apps/sales-crm/export");
        var cards = package.GetProperty("forms").EnumerateArray().Where(f => f.GetProperty("key").GetString() == "customer-card").ToList();
        Assert.That(cards.Select(f => f.GetProperty("name").GetString()), Is.EqualTo(new[] { "客户卡片（新）" }));
        var after = (await _client.GetFromJsonAsync<JsonElement[]>("/api/apps"))!.Single(a => a.GetProperty("key").GetString() == "sales-crm").GetProperty("version").GetInt64();
        Assert.That(after, Is.EqualTo(version + 2));
    }

    [Test]
    public async Task A_form_naming_unknown_fields_or_misplacing_nodes_is_refused_by_path_and_nothing_is_saved()
    {
        var bad = Form("broken-form");
        var row = (JsonObject)bad["layout"]![0]!;
        ((JsonArray)row["children"]!).Add(new JsonObject { ["type"] = "field", ["fieldKey"] = "phone" });
        ((JsonArray)bad["layout"]!).Add(new JsonObject { ["type"] = "field", ["fieldKey"] = "name" });
        ((JsonObject)((JsonArray)bad["rules"]!)[0]!)["when"] = new JsonObject { ["field"] = "nowhere", ["op"] = "like" };
        var response = await _client.PutAsJsonAsync("/api/apps/sales-crm/forms/broken-form", bad);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("layout[0].children[2].type")[0].GetString(), Does.Contain("cannot go in a row"));
        Assert.That(errors.GetProperty("layout[1].fieldKey")[0].GetString(), Does.Contain("placed twice"));
        Assert.That(errors.GetProperty("rules[0].when.field")[0].GetString(), Does.Contain("nowhere"));
        Assert.That(errors.GetProperty("rules[0].when.op")[0].GetString(), Does.Contain("like"));
        Assert.That((await _client.GetAsync("/api/apps/sales-crm/forms/broken-form")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_form_over_a_missing_model_or_with_a_mismatched_key_is_refused()
    {
        var noModel = Form("ghost-form");
        noModel["model"] = "ghost";
        var response = await _client.PutAsJsonAsync("/api/apps/sales-crm/forms/ghost-form", noModel);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("model")[0].GetString(), Does.Contain("ghost"));
        var mismatched = await _client.PutAsJsonAsync("/api/apps/sales-crm/forms/other-key", Form("customer-card"));
        Assert.That(mismatched.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _client.PutAsJsonAsync("/api/apps/no-such-app/forms/x-form", Form("x-form"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
