using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class ModelMigrationTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private int _n;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    /// <summary>A fresh app with one model "item" holding the given rows.</summary>
    private async Task<string> AppWithItemsAsync(string fieldsJson, params object[] rows)
    {
        var app = $"mig-{++_n}";
        var package = JsonNode.Parse($$"""{ "key": "{{app}}", "name": "m", "models": [ { "key": "item", "name": "Item", "fields": {{fieldsJson}} } ] }""")!;
        var response = await _client.PostAsync("/api/apps/import", Json(package));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        foreach (var row in rows) await CreateAsync(_client, app, "item", row);
        return app;
    }

    private Task<(HttpStatusCode, JsonNode?)> PutAsync(string app, string fieldsJson, bool dryRun = false) =>
        SendAsync(_client, HttpMethod.Put, $"/api/apps/{app}/models/item{(dryRun ? "?dryRun=true" : "")}",
            JsonNode.Parse($$"""{ "key": "item", "name": "Item", "fields": {{fieldsJson}} }""")!);

    private async Task<JsonArray> ItemsAsync(string app) =>
        (await QueryAsync(_client, app, "item", new { sort = new[] { new { field = "createdAt", dir = "asc" } } }))["items"]!.AsArray();

    [Test]
    public async Task Adding_renaming_and_retiring_fields_keeps_the_data()
    {
        var app = await AppWithItemsAsync("""[ { "id": "f1", "key": "name", "type": "text" }, { "key": "size", "type": "number" } ]""",
            new { name = "a", size = 1 }, new { name = "b", size = 2 });

        var (status, plan) = await PutAsync(app, """[ { "id": "f1", "key": "title", "type": "text" }, { "key": "size", "type": "number", "retired": true }, { "key": "color", "type": "text", "default": "red" } ]""", dryRun: true);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), plan?.ToJsonString());
        Assert.That(plan!["applied"]!.GetValue<bool>(), Is.False);
        var descriptions = plan["steps"]!.AsArray().Select(s => s!["description"]!.GetValue<string>()).ToList();
        Assert.That(descriptions, Has.Some.Contains("Rename field 'name' to 'title'"));
        Assert.That(descriptions, Has.Some.Contains("Retire field 'size'"));
        Assert.That(descriptions, Has.Some.Contains("Add field 'color'"));
        Assert.That(plan["steps"]!.AsArray().SelectMany(s => s!["sql"]!.AsArray()).Select(x => x!.GetValue<string>()), Has.Some.Contains("RENAME"));
        Assert.That((await ItemsAsync(app))[0]!["name"]!.GetValue<string>(), Is.EqualTo("a"), "a dry run changes nothing");

        (status, var applied) = await PutAsync(app, """[ { "id": "f1", "key": "title", "type": "text" }, { "key": "size", "type": "number", "retired": true }, { "key": "color", "type": "text", "default": "red" } ]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), applied?.ToJsonString());
        var items = await ItemsAsync(app);
        Assert.That(items.Select(i => i!["title"]!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(items.Select(i => i!["color"]!.GetValue<string>()), Is.EqualTo(new[] { "red", "red" }));
        Assert.That(((JsonObject)items[0]!).ContainsKey("size"), Is.False, "retired fields are hidden");
        var (s2, problem) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{app}/models/item/records", new { title = "c", size = 3 });
        Assert.That(s2, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Is.EqualTo(new[] { "size" }));

        // Bringing the retired field back shows the kept data.
        (status, _) = await PutAsync(app, """[ { "id": "f1", "key": "title", "type": "text" }, { "key": "size", "type": "number" }, { "key": "color", "type": "text", "default": "red" } ]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ItemsAsync(app)).Select(i => i!["size"]!.GetValue<double>()), Is.EqualTo(new[] { 1.0, 2.0 }));
    }

    [Test]
    public async Task Removing_a_field_is_refused_and_retiring_is_suggested()
    {
        var app = await AppWithItemsAsync("""[ { "key": "name", "type": "text" }, { "key": "size", "type": "number" } ]""", new { name = "a", size = 1 });
        var (status, problem) = await PutAsync(app, """[ { "key": "name", "type": "text" } ]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["fields.size"]![0]!.GetValue<string>(), Does.Contain("retired"));
        Assert.That((await ItemsAsync(app))[0]!["size"]!.GetValue<double>(), Is.EqualTo(1.0));
    }

    [Test]
    public async Task A_type_change_converts_values_or_is_refused_with_the_offending_rows_counted()
    {
        var app = await AppWithItemsAsync("""[ { "key": "code", "type": "text" }, { "key": "when", "type": "text" } ]""",
            new { code = "12", when = "2026-01-02" }, new { code = "x7", when = "2026-02-03" }, new { code = "y", when = "2026-03-04" }, new { code = "30", when = (string?)null });
        var (status, problem) = await PutAsync(app, """[ { "key": "code", "type": "number", "integer": true }, { "key": "when", "type": "date" } ]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        var message = Errors(problem)["fields.code"]![0]!.GetValue<string>();
        Assert.That(message, Does.StartWith("2 records"));
        Assert.That(message, Does.Contain("\"x7\""));
        Assert.That((await ItemsAsync(app)).Select(i => i!["code"]!.GetValue<string>()), Is.EquivalentTo(new[] { "12", "x7", "y", "30" }), "nothing changed");

        // Records created in the same millisecond have no order, so they are found by their code.
        JsonNode ByCode(JsonArray items, string code) => items.First(i => i!["code"]!.GetValue<string>() == code)!;
        await SendAsync(_client, HttpMethod.Delete, $"/api/apps/{app}/models/item/records/{ByCode(await ItemsAsync(app), "x7")["id"]}");
        var y = ByCode(await ItemsAsync(app), "y");
        await SendAsync(_client, HttpMethod.Patch, $"/api/apps/{app}/models/item/records/{y["id"]}", new { code = "5" }, ifMatch: y["rowVersion"]!.ToJsonString());
        // The soft-deleted row still blocks: its data is kept, so it must convert too.
        (status, problem) = await PutAsync(app, """[ { "key": "code", "type": "number", "integer": true }, { "key": "when", "type": "date" } ]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["fields.code"]![0]!.GetValue<string>(), Does.StartWith("1 records"));
    }

    [Test]
    public async Task A_convertible_type_change_is_applied_in_place()
    {
        var app = await AppWithItemsAsync("""[ { "key": "code", "type": "text", "unique": true }, { "key": "when", "type": "text" } ]""",
            new { code = "12", when = "2026-01-02" }, new { code = "30", when = (string?)null });
        var (status, result) = await PutAsync(app, """[ { "key": "code", "type": "number", "integer": true, "unique": true }, { "key": "when", "type": "date" } ]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), result?.ToJsonString());
        var items = await ItemsAsync(app);
        Assert.That(items.Select(i => i!["code"]!.GetValue<long>()), Is.EqualTo(new[] { 12L, 30L }));
        Assert.That(items[0]!["when"]!.GetValue<string>(), Is.EqualTo("2026-01-02"));
        var sorted = await QueryAsync(_client, app, "item", new { filter = new { field = "code", op = "gt", value = 20 } });
        Assert.That(sorted["items"]!.AsArray(), Has.Count.EqualTo(1), "numbers now compare as numbers");
        var (dup, _) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{app}/models/item/records", new { code = 12 });
        Assert.That(dup, Is.EqualTo(HttpStatusCode.BadRequest), "still unique");
    }

    [Test]
    public async Task Numbers_become_decimals_and_text_keeps_their_digits()
    {
        var app = await AppWithItemsAsync("""[ { "key": "qty", "type": "number", "integer": true }, { "key": "price", "type": "number" } ]""", new { qty = 3, price = 2.5 });
        var (status, result) = await PutAsync(app, """[ { "key": "qty", "type": "decimal" }, { "key": "price", "type": "text" } ]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), result?.ToJsonString());
        var item = (await ItemsAsync(app))[0]!;
        Assert.That(item["qty"]!.GetValue<decimal>(), Is.EqualTo(3m));
        Assert.That(item["price"]!.GetValue<string>(), Is.EqualTo("2.5"));
    }

    [Test]
    public async Task A_new_model_is_created_by_put_and_invalid_definitions_are_refused()
    {
        var app = await AppWithItemsAsync("""[ { "key": "name", "type": "text" } ]""");
        var (status, result) = await SendAsync(_client, HttpMethod.Put, $"/api/apps/{app}/models/visit",
            JsonNode.Parse("""{ "name": "拜访", "fields": [ { "key": "item", "type": "relation", "relation": { "kind": "manyToOne", "model": "item" } }, { "key": "note", "type": "text" } ] }""")!);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), result?.ToJsonString());
        await CreateAsync(_client, app, "visit", new { note = "hi" });

        (status, var problem) = await SendAsync(_client, HttpMethod.Put, $"/api/apps/{app}/models/bad",
            JsonNode.Parse("""{ "name": "", "fields": [ { "key": "Bad Key", "type": "text" }, { "key": "x", "type": "nope" }, { "key": "id", "type": "text" }, { "key": "r", "type": "relation", "relation": { "model": "ghost" } } ] }""")!);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        var keys = Errors(problem).Select(e => e.Key).ToList();
        Assert.That(keys, Has.Some.Contains("name"));
        Assert.That(keys, Has.Some.Contains("fields[0].key"));
        Assert.That(keys, Has.Some.Contains("fields[1].type"));
        Assert.That(keys, Has.Some.Contains("fields[2].key"));
        (status, problem) = await SendAsync(_client, HttpMethod.Put, $"/api/apps/{app}/models/bad",
            JsonNode.Parse("""{ "name": "b", "fields": [ { "key": "r", "type": "relation", "relation": { "model": "ghost" } } ] }""")!);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Has.Some.Contains("relation.model"));
        (status, _) = await SendAsync(_client, HttpMethod.Get, $"/api/apps/{app}/models/bad");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_copied_app_gets_its_own_empty_tables()
    {
        var app = await AppWithItemsAsync("""[ { "key": "name", "type": "text" } ]""", new { name = "original" });
        var response = await _client.PostAsync($"/api/apps/{app}/copy", Json(new { key = app + "-copy", name = "copy" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CountAsync(_client, app + "-copy", "item"), Is.EqualTo(0));
        await CreateAsync(_client, app + "-copy", "item", new { name = "in copy" });
        Assert.That(await CountAsync(_client, app, "item"), Is.EqualTo(1));
        Assert.That(await CountAsync(_client, app + "-copy", "item"), Is.EqualTo(1));
    }
}
