using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordQueryTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "crm-q";
    private string _energy = "", _maker = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        await ImportAsync(_client, App);
        _energy = (await CreateAsync(_client, App, "account", new { name = "宁德", sector = "新能源", tags = new[] { "a", "b" } }))["id"]!.GetValue<string>();
        _maker = (await CreateAsync(_client, App, "account", new { name = "三一", sector = "制造", tags = new[] { "c" } }))["id"]!.GetValue<string>();
        var rows = new[]
        {
            new { title = "d1", amount = 100m, stage = "线索", account = _energy, closed_at = "2026-01-05T10:00:00Z", notes = "50%_off" },
            new { title = "d2", amount = 250m, stage = "需求确认", account = _energy, closed_at = "2026-01-20T10:00:00Z", notes = "normal" },
            new { title = "d3", amount = 400m, stage = "方案确认", account = _maker, closed_at = "2026-02-03T10:00:00Z", notes = "Big deal" },
            new { title = "d4", amount = 900m, stage = "赢单", account = _maker, closed_at = "2026-04-15T10:00:00Z", notes = "big win" },
        };
        foreach (var r in rows) await CreateAsync(_client, App, "deal", r);
        await CreateAsync(_client, App, "deal", new { title = "d5" });
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<string[]> Titles(object filter, object? sort = null)
    {
        var result = await QueryAsync(_client, App, "deal", sort is null ? new { filter } : new { filter, sort });
        return result["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()).OrderBy(x => sort is null ? x : "").ToArray();
    }

    [Test]
    public async Task Every_operator_selects_the_right_rows()
    {
        Assert.That(await Titles(new { field = "stage", op = "eq", value = "赢单" }), Is.EqualTo(new[] { "d4" }));
        Assert.That(await Titles(new { field = "stage", op = "ne", value = "赢单" }), Is.EqualTo(new[] { "d1", "d2", "d3", "d5" }));
        Assert.That(await Titles(new { field = "amount", op = "gt", value = 250 }), Is.EqualTo(new[] { "d3", "d4" }));
        Assert.That(await Titles(new { field = "amount", op = "gte", value = 250 }), Is.EqualTo(new[] { "d2", "d3", "d4" }));
        Assert.That(await Titles(new { field = "amount", op = "lt", value = 250 }), Is.EqualTo(new[] { "d1" }));
        Assert.That(await Titles(new { field = "amount", op = "lte", value = 250 }), Is.EqualTo(new[] { "d1", "d2" }));
        Assert.That(await Titles(new { field = "stage", op = "in", value = new[] { "线索", "赢单" } }), Is.EqualTo(new[] { "d1", "d4", "d5" }), "d5 has the default stage");
        Assert.That(await Titles(new { field = "notes", op = "contains", value = "BIG" }), Is.EqualTo(new[] { "d3", "d4" }), "case-insensitive");
        Assert.That(await Titles(new { field = "notes", op = "contains", value = "%_" }), Is.EqualTo(new[] { "d1" }), "wildcards match literally");
        Assert.That(await Titles(new { field = "title", op = "startsWith", value = "d" }), Has.Length.EqualTo(5));
        Assert.That(await Titles(new { field = "amount", op = "isEmpty" }), Is.EqualTo(new[] { "d5" }));
        Assert.That(await Titles(new { field = "amount", op = "between", value = new[] { 200, 400 } }), Is.EqualTo(new[] { "d2", "d3" }));
        Assert.That(await Titles(new { field = "closed_at", op = "between", value = new[] { "2026-01-01", "2026-01-31" } }), Is.EqualTo(new[] { "d1", "d2" }));
        Assert.That(await Titles(new { field = "account.sector", op = "eq", value = "制造" }), Is.EqualTo(new[] { "d3", "d4" }));
        Assert.That(await Titles(new { or = new object[] { new { field = "amount", op = "gte", value = 900 }, new { field = "title", op = "eq", value = "d1" } } }), Is.EqualTo(new[] { "d1", "d4" }));
        Assert.That(await Titles(new { and = new object[] { new { field = "account", op = "eq", value = _energy }, new { not = new { field = "stage", op = "eq", value = "线索" } } } }), Is.EqualTo(new[] { "d2" }));
        Assert.That(await Titles(new { not = new { field = "amount", op = "gt", value = 100 } }), Is.EqualTo(new[] { "d1", "d5" }), "not keeps rows with an empty value");
        var accounts = await QueryAsync(_client, App, "account", new { filter = new { field = "tags", op = "contains", value = "b" } });
        Assert.That(accounts["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "宁德" }));
        var rich = await QueryAsync(_client, App, "account", new { filter = new { field = "deal_total", op = "gt", value = 1000 } });
        Assert.That(rich["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "三一" }), "rollups can be filtered");
    }

    [Test]
    public async Task Malformed_filters_are_400_with_the_path_of_the_problem()
    {
        async Task<string[]> Keys(object body)
        {
            var (status, problem) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/deal/records/query", body);
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
            return Errors(problem).Select(e => e.Key).ToArray();
        }
        Assert.That(await Keys(new { filter = new { field = "nope", op = "eq", value = 1 } }), Is.EqualTo(new[] { "filter.field" }));
        Assert.That(await Keys(new { filter = new { field = "amount", op = "like", value = 1 } }), Is.EqualTo(new[] { "filter.op" }));
        Assert.That(await Keys(new { filter = new { field = "amount", op = "eq", value = "abc" } }), Is.EqualTo(new[] { "filter.value" }));
        Assert.That(await Keys(new { filter = new { and = new object[] { new { field = "amount", op = "in", value = 3 } } } }), Is.EqualTo(new[] { "filter.and[0].value" }));
        Assert.That(await Keys(new { filter = new { field = "account.nope", op = "eq", value = 1 } }), Is.EqualTo(new[] { "filter.field" }));
        Assert.That(await Keys(new { filter = "amount > 1" }), Is.EqualTo(new[] { "filter" }));
        Assert.That(await Keys(new { sort = new[] { new { field = "amount", dir = "sideways" } } }), Is.EqualTo(new[] { "sort[0].dir" }));
        Assert.That(await Keys(new { page = new { size = 100000 } }), Is.EqualTo(new[] { "page.size" }));
        Assert.That(await Keys(new { page = new { after = "garbage" } }), Is.EqualTo(new[] { "page.after" }));
        Assert.That(await Keys(new { select = new[] { "x" } }), Is.EqualTo(new[] { "select" }));
    }

    [Test]
    public async Task Keyset_paging_walks_every_row_once_in_sort_order_with_empty_values_last()
    {
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await QueryAsync(_client, App, "deal", after is null
                ? new { sort = new[] { new { field = "amount", dir = "desc" } }, page = (object)new { size = 2 } }
                : new { sort = new[] { new { field = "amount", dir = "desc" } }, page = (object)new { size = 2, after } });
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()));
            after = page["next"]?.GetValue<string>();
        } while (after is not null);
        Assert.That(seen, Is.EqualTo(new[] { "d4", "d3", "d2", "d1", "d5" }));
    }

    [Test]
    public async Task Numbered_pages_total_and_field_selection()
    {
        var page = await QueryAsync(_client, App, "deal", new
        {
            sort = new[] { new { field = "title", dir = "asc" } }, page = new { size = 2, number = 2 }, total = true, fields = new[] { "title" },
        });
        var items = page["items"]!.AsArray();
        Assert.That(items.Select(i => i!["title"]!.GetValue<string>()), Is.EqualTo(new[] { "d3", "d4" }));
        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(5));
        Assert.That(page["hasMore"]!.GetValue<bool>(), Is.True);
        Assert.That(((JsonObject)items[0]!).ContainsKey("amount"), Is.False, "only the asked fields");
        Assert.That(((JsonObject)items[0]!).ContainsKey("rowVersion"), Is.True);
    }

    [Test]
    public async Task Aggregates_group_by_fields_and_date_buckets()
    {
        var (status, result) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/deal/records/aggregate", new
        {
            filter = new { field = "amount", op = "isEmpty", value = false },
            groupBy = new object[] { "account.sector" },
            measures = new object[] { new { op = "count" }, new { op = "sum", field = "amount" }, new { op = "avg", field = "amount" }, new { op = "max", field = "closed_at" } },
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), result?.ToJsonString());
        var rows = result!["rows"]!.AsArray();
        var maker = rows.Single(r => r!["account.sector"]!.GetValue<string>() == "制造")!;
        Assert.That(maker["count"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(maker["sum_amount"]!.GetValue<decimal>(), Is.EqualTo(1300m));
        Assert.That(maker["avg_amount"]!.GetValue<decimal>(), Is.EqualTo(650m));
        Assert.That(maker["max_closed_at"]!.GetValue<string>(), Is.EqualTo("2026-04-15T10:00:00.000Z"));

        async Task<Dictionary<string, long>> Buckets(string bucket)
        {
            var (s, r) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/deal/records/aggregate", new
            {
                filter = new { field = "closed_at", op = "isEmpty", value = false },
                groupBy = new object[] { new { field = "closed_at", bucket } },
            });
            Assert.That(s, Is.EqualTo(HttpStatusCode.OK), r?.ToJsonString());
            return r!["rows"]!.AsArray().ToDictionary(x => x![$"closed_at:{bucket}"]!.GetValue<string>(), x => x!["count"]!.GetValue<long>());
        }
        Assert.That(await Buckets("month"), Is.EqualTo(new Dictionary<string, long> { ["2026-01"] = 2, ["2026-02"] = 1, ["2026-04"] = 1 }));
        Assert.That(await Buckets("quarter"), Is.EqualTo(new Dictionary<string, long> { ["2026-Q1"] = 3, ["2026-Q2"] = 1 }));
        Assert.That(await Buckets("year"), Is.EqualTo(new Dictionary<string, long> { ["2026"] = 4 }));
        Assert.That(await Buckets("day"), Does.ContainKey("2026-01-05"));
        Assert.That(await Buckets("week"), Is.EqualTo(new Dictionary<string, long> { ["2026-01-05"] = 1, ["2026-01-19"] = 1, ["2026-02-02"] = 1, ["2026-04-13"] = 1 }), "weeks start on Monday");

        (status, var bad) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/deal/records/aggregate", new { groupBy = new object[] { new { field = "title", bucket = "month" } }, measures = new object[] { new { op = "sum", field = "title" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordExportTests(string provider)
{
    [Test]
    public async Task A_filtered_query_exports_to_csv_and_xlsx()
    {
        await using var factory = new PlatformFactory(provider);
        var client = await factory.SignedInClientAsync();
        await ImportAsync(client, "crm-x");
        await CreateAsync(client, "crm-x", "deal", new { title = "a", amount = 1, stage = "赢单" });
        await CreateAsync(client, "crm-x", "deal", new { title = "b", amount = 2 });
        var response = await client.PostAsync("/api/apps/crm-x/models/deal/records/export",
            Json(new { filter = new { field = "stage", op = "eq", value = "赢单" }, fields = new[] { "title", "amount", "stage" }, format = "csv" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Trim().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Contain("title").And.Contain("amount"));
        Assert.That(lines[1], Does.Contain("a,1,赢单"));
        response = await client.PostAsync("/api/apps/crm-x/models/deal/records/export", Json(new { format = "xlsx", sort = new[] { new { field = "title", dir = "asc" } } }));
        var rows = MiniExcelLibs.MiniExcel.Query(await response.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.That(rows.Select(r => r["title"]?.ToString()), Is.EqualTo(new[] { "a", "b" }));
    }
}
