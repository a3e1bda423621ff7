using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordCrudTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "crm-test";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        await ImportAsync(_client);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private string Records(string model = "deal") => $"/api/apps/{App}/models/{model}/records";

    [Test]
    public async Task A_created_record_comes_back_with_id_row_version_defaults_auto_number_and_formula()
    {
        var account = await CreateAsync(_client, App, "account", new { name = "宁德" + Guid.NewGuid().ToString("N")[..6], sector = "新能源" });
        var deal = await CreateAsync(_client, App, "deal", new JsonObject
        {
            ["title"] = "储能项目", ["amount"] = 1200.5m, ["account"] = account["id"]!.GetValue<string>(), ["closed_at"] = "2026-03-01T08:00:00+08:00",
            ["lines"] = new JsonArray(new JsonObject { ["product"] = "电芯", ["qty"] = 2, ["price"] = 10.5m }),
            ["partners"] = new JsonArray(account["id"]!.GetValue<string>()),
        });
        Assert.That(deal["rowVersion"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(Guid.TryParse(deal["id"]!.GetValue<string>(), out _), Is.True);
        Assert.That(deal["stage"]!.GetValue<string>(), Is.EqualTo("线索"), "default applied");
        Assert.That(deal["code"]!.GetValue<string>(), Does.Match(@"^HT-\d{6}-\d{4}$"));
        Assert.That(deal["double_amount"]!.GetValue<decimal>(), Is.EqualTo(2401m));

        var (status, got) = await SendAsync(_client, HttpMethod.Get, $"{Records()}/{deal["id"]}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(got!["title"]!.GetValue<string>(), Is.EqualTo("储能项目"));
        Assert.That(got["amount"]!.GetValue<decimal>(), Is.EqualTo(1200.5m));
        Assert.That(got["closed_at"]!.GetValue<string>(), Is.EqualTo("2026-03-01T00:00:00.000Z"), "stored in UTC");
        Assert.That(got["lines"]![0]!["product"]!.GetValue<string>(), Is.EqualTo("电芯"));
        Assert.That(got["lines"]![0]!["qty"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(got["partners"]!.AsArray().Select(x => x!.GetValue<string>()), Is.EqualTo(new[] { account["id"]!.GetValue<string>() }));
        Assert.That(got["owner"]!.GetValue<string>(), Is.Not.Empty);

        var (_, acc) = await SendAsync(_client, HttpMethod.Get, $"{Records("account")}/{account["id"]}");
        Assert.That(acc!["deal_total"]!.GetValue<decimal>(), Is.EqualTo(1200.5m), "rollup sums the related deals");
        Assert.That(acc["deal_count"]!.GetValue<decimal>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_client_may_supply_the_id_for_offline_creation_but_not_twice()
    {
        var id = Guid.CreateVersion7().ToString();
        var created = await CreateAsync(_client, App, "deal", new { id, title = "离线" });
        Assert.That(created["id"]!.GetValue<string>(), Is.EqualTo(id));
        var (status, _) = await SendAsync(_client, HttpMethod.Post, Records(), new { id, title = "again" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Bad_values_are_refused_with_field_errors_and_nothing_is_written()
    {
        var before = await CountAsync(_client, App, "deal");
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records(), new JsonObject
        {
            ["title"] = "这个标题太长了啊", ["amount"] = "many", ["stage"] = "unknown", ["closed_at"] = "yesterday",
            ["email"] = "not-an-email", ["rating"] = 9, ["bogus"] = 1, ["code"] = "HT-1", ["probability"] = 120,
            ["lines"] = new JsonArray(new JsonObject { ["qty"] = 0 }), ["account"] = "no-such-account",
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        var errors = Errors(problem);
        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(new[] { "title", "amount", "stage", "closed_at", "email", "rating", "bogus", "code", "probability", "lines" }));
        Assert.That(errors["bogus"]![0]!.GetValue<string>(), Does.Contain("Unknown field"));
        Assert.That(await CountAsync(_client, App, "deal"), Is.EqualTo(before));

        // A missing related record is found only after the values themselves passed.
        (status, problem) = await SendAsync(_client, HttpMethod.Post, Records(), new { title = "ok", account = "no-such-account" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["account"]![0]!.GetValue<string>(), Does.Contain("no-such-account"));
        Assert.That(await CountAsync(_client, App, "deal"), Is.EqualTo(before));
    }

    [Test]
    public async Task Text_length_counts_characters_not_utf16_units()
    {
        var emoji = await CreateAsync(_client, App, "deal", new { title = "😀😀😀😀😀" });
        Assert.That(emoji["title"]!.GetValue<string>(), Is.EqualTo("😀😀😀😀😀"));
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records(), new { title = "😀😀😀😀😀😀" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["title"]![0]!.GetValue<string>(), Does.Contain("At most 5"));
    }

    [Test]
    public async Task Sql_in_values_is_stored_literally_and_sql_in_names_is_refused()
    {
        var before = await CountAsync(_client, App, "deal");
        var evil = "x'; DROP TABLE m_crm_test__deal; --";
        var notes = await CreateAsync(_client, App, "deal", new { title = "sql", notes = evil });
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records(), new JsonObject { ["title"] = "n", ["title\"; DROP TABLE x; --"] = 1 });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        (status, problem) = await SendAsync(_client, HttpMethod.Post, $"{Records()}/query",
            new { filter = new { field = "notes\" FROM x; --", op = "eq", value = 1 } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Does.Contain("filter.field"));
        var found = await QueryAsync(_client, App, "deal", new { filter = new { field = "notes", op = "contains", value = evil } });
        Assert.That(found["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()), Is.EqualTo(new[] { notes["id"]!.GetValue<string>() }));
        Assert.That(await CountAsync(_client, App, "deal"), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task An_oversize_or_malformed_body_is_a_400()
    {
        var before = await CountAsync(_client, App, "deal");
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records(), new { title = "big", notes = new string('x', 1_100_000) });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["$"]![0]!.GetValue<string>(), Does.Contain("larger than"));
        using var bad = new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await _client.PostAsync(Records(), bad);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await CountAsync(_client, App, "deal"), Is.EqualTo(before));
    }

    [Test]
    public async Task Patch_needs_if_match_refuses_a_stale_version_with_the_current_values_and_keeps_both_edits_apart()
    {
        var deal = await CreateAsync(_client, App, "deal", new { title = "v1", amount = 10 });
        var url = $"{Records()}/{deal["id"]}";
        var (status, _) = await SendAsync(_client, HttpMethod.Patch, url, new { amount = 20 });
        Assert.That((int)status, Is.EqualTo(428));

        (status, var first) = await SendAsync(_client, HttpMethod.Patch, url, new { amount = 20 }, ifMatch: "\"1\"");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), first?.ToJsonString());
        Assert.That(first!["rowVersion"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(first["double_amount"]!.GetValue<decimal>(), Is.EqualTo(40m), "formula recomputed");

        (status, var conflict) = await SendAsync(_client, HttpMethod.Patch, url, new { amount = 30 }, ifMatch: "1");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(conflict!["current"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(20m));
        Assert.That(conflict["current"]!["rowVersion"]!.GetValue<long>(), Is.EqualTo(2));

        (status, var bad) = await SendAsync(_client, HttpMethod.Patch, url, new { amount = -1, createdAt = "2020-01-01T00:00:00Z" }, ifMatch: "2");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(bad).Select(e => e.Key), Is.EquivalentTo(new[] { "amount", "createdAt" }));
        var (_, now) = await SendAsync(_client, HttpMethod.Get, url);
        Assert.That(now!["amount"]!.GetValue<decimal>(), Is.EqualTo(20m));
        Assert.That(now["rowVersion"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Of_concurrent_edits_from_the_same_version_one_wins_and_every_loser_is_shown_the_winners_values()
    {
        var deal = await CreateAsync(_client, App, "deal", new { title = "并发", amount = 1 });
        var url = $"{Records()}/{deal["id"]}";
        var edits = await Task.WhenAll(Enumerable.Range(2, 8).Select(amount => SendAsync(_client, HttpMethod.Patch, url, new { amount }, ifMatch: "1")));
        var winners = edits.Where(e => e.Item1 == HttpStatusCode.OK).ToList();
        Assert.That(winners, Has.Count.EqualTo(1), "one edit from version 1 wins");
        var won = winners[0].Item2!["amount"]!.GetValue<decimal>();
        foreach (var (status, body) in edits.Where(e => e.Item1 != HttpStatusCode.OK))
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict), body?.ToJsonString());
            Assert.That(body!["current"]!["rowVersion"]!.GetValue<long>(), Is.EqualTo(2), "the merge prompt shows the version that won");
            Assert.That(body["current"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(won));
        }
    }

    [Test]
    public async Task Delete_is_soft_restore_brings_it_back_and_history_tells_every_step()
    {
        var deal = await CreateAsync(_client, App, "deal", new { title = "hist", amount = 1 });
        var url = $"{Records()}/{deal["id"]}";
        await SendAsync(_client, HttpMethod.Patch, url, new { amount = 2 }, ifMatch: "1");
        var (status, _) = await SendAsync(_client, HttpMethod.Delete, url);
        Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
        (status, _) = await SendAsync(_client, HttpMethod.Get, url);
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        var listed = await QueryAsync(_client, App, "deal", new { filter = new { field = "id", op = "eq", value = deal["id"]!.GetValue<string>() } });
        Assert.That(listed["items"]!.AsArray(), Is.Empty);

        (status, var restored) = await SendAsync(_client, HttpMethod.Post, url + "/restore");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(restored!["amount"]!.GetValue<decimal>(), Is.EqualTo(2m));
        Assert.That(restored["rowVersion"]!.GetValue<long>(), Is.EqualTo(4));

        (status, var history) = await SendAsync(_client, HttpMethod.Get, url + "/history");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var entries = history!.AsArray();
        Assert.That(entries.Select(e => e!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "created", "updated", "deleted", "restored" }));
        Assert.That(entries[1]!["before"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(1m));
        Assert.That(entries[1]!["after"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(2m));
        Assert.That(entries[1]!["changed"]!.AsArray().Select(x => x!.GetValue<string>()), Does.Contain("amount"));
        Assert.That(entries[0]!["by"]!["userName"]!.GetValue<string>(), Is.EqualTo(PlatformFactory.AdminUser));
    }

    [Test]
    public async Task A_unique_value_cannot_be_used_twice()
    {
        var name = "唯一" + Guid.NewGuid().ToString("N")[..6];
        await CreateAsync(_client, App, "account", new { name });
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records("account"), new { name });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["name"]![0]!.GetValue<string>(), Does.Contain("already used"));
    }

    [Test]
    public async Task Bulk_create_is_all_or_nothing()
    {
        var before = await CountAsync(_client, App, "deal");
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records() + "/bulk",
            new { records = new object[] { new { title = "b1" }, new { title = "b2", amount = -5 }, new { title = "b3" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Is.EqualTo(new[] { "[1].amount" }));
        Assert.That(await CountAsync(_client, App, "deal"), Is.EqualTo(before));
        (status, var ok) = await SendAsync(_client, HttpMethod.Post, Records() + "/bulk", new { records = new object[] { new { title = "b1" }, new { title = "b2" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(ok!["items"]!.AsArray().Count, Is.EqualTo(2));
        Assert.That(await CountAsync(_client, App, "deal"), Is.EqualTo(before + 2));
    }

    [Test]
    public async Task Bulk_create_writes_nothing_when_one_row_fails_a_database_check()
    {
        var taken = "批量" + Guid.NewGuid().ToString("N")[..6];
        await CreateAsync(_client, App, "account", new { name = taken });
        var accounts = await CountAsync(_client, App, "account");
        var deals = await CountAsync(_client, App, "deal");
        var fresh = "批量新" + Guid.NewGuid().ToString("N")[..6];
        // Row 1's name is already used and row 2 names an account that does not exist: found inside the write.
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records("account") + "/bulk",
            new { records = new object[] { new { name = fresh }, new { name = taken } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That(Errors(problem).Select(e => e.Key), Is.EqualTo(new[] { "[1].name" }));
        (status, problem) = await SendAsync(_client, HttpMethod.Post, Records() + "/bulk",
            new { records = new object[] { new { title = "ok" }, new { title = "ok2" }, new { title = "bad", account = "no-such-account" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That(Errors(problem).Select(e => e.Key), Is.EqualTo(new[] { "[2].account" }));
        Assert.That(await CountAsync(_client, App, "account"), Is.EqualTo(accounts));
        Assert.That(await CountAsync(_client, App, "deal"), Is.EqualTo(deals));
        Assert.That((await QueryAsync(_client, App, "account", new { filter = new { field = "name", op = "eq", value = fresh } }))["items"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Bulk_created_records_get_defaults_numbers_formulas_lists_and_a_history_each()
    {
        var account = await CreateAsync(_client, App, "account", new { name = "批量客户" + Guid.NewGuid().ToString("N")[..6] });
        var (status, ok) = await SendAsync(_client, HttpMethod.Post, Records() + "/bulk", new
        {
            records = new object[]
            {
                new { title = "bk1", amount = 10, account = account["id"]!.GetValue<string>(), lines = new[] { new { product = "p", qty = 2 } } },
                new { title = "bk2", stage = "赢单", partners = new[] { account["id"]!.GetValue<string>() } },
            },
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), ok?.ToJsonString());
        var items = ok!["items"]!.AsArray();
        Assert.That(items.Select(i => i!["title"]!.GetValue<string>()), Is.EqualTo(new[] { "bk1", "bk2" }));
        Assert.That(items.Select(i => i!["stage"]!.GetValue<string>()), Is.EqualTo(new[] { "线索", "赢单" }));
        Assert.That(items.Select(i => i!["code"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(2));
        Assert.That(items[0]!["double_amount"]!.GetValue<decimal>(), Is.EqualTo(20m));
        foreach (var item in items)
        {
            var (_, stored) = await SendAsync(_client, HttpMethod.Get, $"{Records()}/{item!["id"]}");
            Assert.That(stored!["title"]!.GetValue<string>(), Is.EqualTo(item["title"]!.GetValue<string>()));
            var (_, history) = await SendAsync(_client, HttpMethod.Get, $"{Records()}/{item["id"]}/history");
            Assert.That(history!.AsArray().Select(h => h!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "created" }));
        }
        var (_, first) = await SendAsync(_client, HttpMethod.Get, $"{Records()}/{items[0]!["id"]}");
        Assert.That(first!["lines"]!.AsArray().Single()!["product"]!.GetValue<string>(), Is.EqualTo("p"));
        var (_, second) = await SendAsync(_client, HttpMethod.Get, $"{Records()}/{items[1]!["id"]}");
        Assert.That(second!["partners"]!.AsArray().Single()!.ToString(), Is.EqualTo(account["id"]!.GetValue<string>()));
    }

    [Test]
    public async Task Files_are_uploaded_then_attached_by_id()
    {
        using var form = new MultipartFormDataContent();
        var bytes = new ByteArrayContent("需求文档"u8.ToArray());
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(bytes, "file", "需求.txt");
        var upload = await _client.PostAsync("/api/files", form);
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var file = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        var deal = await CreateAsync(_client, App, "deal", new JsonObject { ["title"] = "附件", ["files"] = new JsonArray(new JsonObject { ["id"] = file["id"]!.GetValue<string>() }) });
        Assert.That(deal["files"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("需求.txt"));
        Assert.That(deal["files"]![0]!["size"]!.GetValue<long>(), Is.EqualTo(12));
        var download = await _client.GetAsync($"/api/files/{file["id"]}");
        Assert.That(await download.Content.ReadAsStringAsync(), Is.EqualTo("需求文档"));
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, Records(), new JsonObject { ["title"] = "附件", ["files"] = new JsonArray(new JsonObject { ["id"] = "nope" }) });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["files"]![0]!.GetValue<string>(), Does.Contain("nope"));
    }

    [Test]
    public async Task Models_are_listed_with_fields_and_served_as_json_schema()
    {
        var (status, models) = await SendAsync(_client, HttpMethod.Get, $"/api/apps/{App}/models");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(models!.AsArray().Select(m => m!["key"]!.GetValue<string>()), Is.EquivalentTo(new[] { "account", "deal" }));
        (status, var schema) = await SendAsync(_client, HttpMethod.Get, $"/api/apps/{App}/models/deal/schema");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(schema!["required"]!.AsArray().Select(x => x!.GetValue<string>()), Is.EqualTo(new[] { "title" }));
        Assert.That(schema["properties"]!["title"]!["maxLength"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(schema["properties"]!["stage"]!["enum"]!.AsArray().Count, Is.EqualTo(5), "four options and null");
        Assert.That(schema["additionalProperties"]!.GetValue<bool>(), Is.False);
        (status, _) = await SendAsync(_client, HttpMethod.Get, $"/api/apps/{App}/models/nope/schema");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_app_has_its_own_openapi_document_with_a_schema_per_model()
    {
        var (status, doc) = await SendAsync(_client, HttpMethod.Get, $"/api/apps/{App}/openapi.json");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(doc!["openapi"]!.GetValue<string>(), Does.StartWith("3."));
        Assert.That(((JsonObject)doc["paths"]!).Select(p => p.Key), Does.Contain($"/api/apps/{App}/models/deal/records/{{id}}"));
        Assert.That(doc["components"]!["schemas"]!["deal"]!["properties"]!["title"]!["maxLength"]!.GetValue<int>(), Is.EqualTo(5));
    }
}
