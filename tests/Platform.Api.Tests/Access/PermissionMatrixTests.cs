using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Access;

/// <summary>
/// The permission matrix (docs/permissions.md): five roles × two models × every read path (list,
/// detail, query with a bearer token, aggregate, history, export) and the write paths, asserting
/// exactly which rows and fields come back and which status is answered. Rows are named by their
/// title; the data set is built once per database through the real API.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class PermissionMatrixTests(string provider)
{
    /// <summary>What one role must see of one model: rows by name, the fields never shown, one field that is shown, export allowed.</summary>
    public sealed record Expectation(string Role, string Model, string[] Rows, string[] Hidden, string[] Shown, string[]? ExportRows)
    {
        public override string ToString() => $"{Role}/{Model}";
    }

    // Customers 甲 乙 (east-1), 丙 戊 (west), 丁 (in the pool). Deals 一 二 (east-1), 三 四 五 (west).
    // 乙 and 丙 are channel customers; deal 五 is owned by the channel user.
    public static readonly Expectation[] Matrix =
    [
        new("rep", "customer", ["甲", "丁"], ["cost_price", "rebate_rate"], ["name"], null),
        new("rep", "deal", ["一"], ["cost_price", "rebate_rate"], ["amount"], null),
        new("lead", "customer", ["甲", "乙", "丁"], ["cost_price"], ["rebate_rate"], ["甲", "乙"]),
        new("lead", "deal", ["一", "二"], ["cost_price"], ["rebate_rate"], ["一", "二"]),
        new("director", "customer", ["甲", "乙", "丙", "丁", "戊"], [], ["cost_price", "rebate_rate"], ["甲", "乙", "丙", "丁", "戊"]),
        new("director", "deal", ["一", "二", "三", "四", "五"], [], ["cost_price"], ["一", "二", "三", "四", "五"]),
        new("channel", "customer", ["乙", "丙"], ["cost_price"], ["rebate_rate"], null),
        new("channel", "deal", ["二", "三", "五"], ["cost_price"], ["rebate_rate"], ["二", "三", "五"]),
        new("finance", "customer", ["甲", "乙", "丙", "丁", "戊"], [], ["cost_price"], ["甲", "乙", "丙", "丁", "戊"]),
        new("finance", "deal", ["一", "二", "三", "四", "五"], [], ["cost_price"], ["一", "二", "三", "四", "五"]),
    ];

    /// <summary>A write and its answer. Versions are wrong on purpose (If-Match: 999): 409 proves the row is in scope without changing it.</summary>
    public sealed record Write(string Role, string Method, string Model, string Row, int Status)
    {
        public override string ToString() => $"{Role} {Method} {Model}/{Row} → {Status}";
    }

    public static readonly Write[] Writes =
    [
        new("rep", "PATCH", "customer", "甲", 409),     // own
        new("rep", "PATCH", "customer", "丁", 403),     // in the pool: readable, claimed before it can be changed
        new("rep", "PATCH", "customer", "乙", 404),     // someone else's: does not exist for the rep
        new("rep", "DELETE", "deal", "一", 403),        // no delete action
        new("lead", "PATCH", "deal", "一", 403),        // reads the department (lead) but updates only own rows (rep)
        new("lead", "DELETE", "deal", "二", 409),       // delete scope: department and below
        new("lead", "DELETE", "deal", "三", 404),       // another department
        new("lead", "PATCH", "customer", "乙", 409),    // lead updates customers of the department
        new("director", "PATCH", "deal", "一", 403),    // read and export only
        new("channel", "PATCH", "customer", "乙", 409), // custom filter
        new("channel", "PATCH", "customer", "甲", 404),
        new("channel", "PATCH", "deal", "二", 403),     // read only on deals
        new("finance", "PATCH", "customer", "甲", 403), // read-only with export
        new("finance", "DELETE", "deal", "一", 403),
    ];

    private static readonly string[] CostPrices = ["7101", "7102", "7103", "7104", "7105", "8801", "8802"];

    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private readonly Dictionary<string, HttpClient> _sessions = new(), _tokens = new();
    private readonly Dictionary<string, string> _ids = new(), _userIds = new();
    private string _east = "", _east1 = "", _west = "";
    private const string App = MatrixApp.Key;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        var import = await _admin.PostAsJsonAsync("/api/apps/import", MatrixApp.Package());
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), await import.Content.ReadAsStringAsync());
        var hq = await _admin.CreateDepartmentAsync("总部");
        _east = await _admin.CreateDepartmentAsync("华东", hq);
        _east1 = await _admin.CreateDepartmentAsync("华东一组", _east);
        _west = await _admin.CreateDepartmentAsync("华西", hq);
        var users = new (string Name, string Department, string[] Roles)[]
        {
            ("rep", _east1, ["rep"]), ("rep2", _east1, ["rep"]), ("repwest", _west, ["rep"]),
            ("lead", _east, ["lead", "rep"]), ("director", hq, ["director"]), ("channel", _west, ["channel"]), ("finance", hq, ["finance"]),
        };
        foreach (var (name, department, roles) in users)
        {
            _userIds[name] = await _admin.CreateUserAsync("m-" + name, department, roles.Select(r => $"{App}/{r}").ToArray());
            _sessions[name] = await _factory.SignedInClientAsync("m-" + name, IdentityRequests.Password);
            var token = await _sessions[name].PostAsJsonAsync("/api/auth/tokens", new { name = "matrix" });
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            _tokens[name] = _factory.TokenClient((await token.JsonAsync()).GetProperty("token").GetString()!);
        }

        async Task Customer(string name, string? owner, string? department, string channel, decimal cost, decimal rebate) =>
            _ids[name] = (await CreateAsync(_admin, App, "customer", new JsonObject
            {
                ["name"] = name, ["owner"] = owner is null ? null : _userIds[owner], ["department"] = department,
                ["channel"] = channel, ["cost_price"] = cost, ["rebate_rate"] = rebate,
            }))["id"]!.GetValue<string>();
        await Customer("甲", "rep", _east1, "直销", 7101, 5);
        await Customer("乙", "rep2", _east1, "渠道", 7102, 6);
        await Customer("丙", "repwest", _west, "渠道", 7103, 7);
        await Customer("丁", null, null, "直销", 7104, 8);
        await Customer("戊", "repwest", _west, "直销", 7105, 9);
        async Task Deal(string title, string owner, string department, string customer) =>
            _ids[title] = (await CreateAsync(_admin, App, "deal", new JsonObject
            {
                ["title"] = title, ["owner"] = _userIds[owner], ["department"] = department, ["customer"] = _ids[customer],
                ["amount"] = 1000, ["cost_price"] = 8801, ["rebate_rate"] = 3,
            }))["id"]!.GetValue<string>();
        await Deal("一", "rep", _east1, "甲");
        await Deal("二", "rep2", _east1, "乙");
        await Deal("三", "repwest", _west, "丙");
        await Deal("四", "repwest", _west, "戊");
        await Deal("五", "channel", _west, "戊");
        // A change of hidden and visible values, so every history holds both.
        foreach (var row in new[] { "一", "二", "三", "四", "五" })
        {
            var (status, body) = await SendAsync(_admin, HttpMethod.Patch, $"/api/apps/{App}/models/deal/records/{_ids[row]}", new { cost_price = 8802, rebate_rate = 4 }, ifMatch: "1");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private bool _published;

    /// <summary>Workflows whose steps act for the user who runs them (runAs: triggeringUser).</summary>
    private async Task PublishWorkflowsAsync()
    {
        if (_published) return;
        await WorkflowRuns.PublishAsync(_admin, App, """
        { "key": "find-deals", "name": "查商机", "trigger": { "type": "manual" },
          "activities": [ { "id": "q", "type": "queryRecords", "properties": { "model": "deal", "limit": 100, "variable": "found", "runAs": "triggeringUser" } } ] }
        """);
        await WorkflowRuns.PublishAsync(_admin, App, """
        { "key": "touch-customer", "name": "改客户", "trigger": { "type": "manual" },
          "activities": [ { "id": "u", "type": "updateRecord", "properties": { "model": "customer", "id": { "expr": "trigger.recordId" }, "values": { "note": "由流程更新" }, "runAs": "triggeringUser" } } ] }
        """);
        _published = true;
    }

    private static string Records(string model) => $"/api/apps/{App}/models/{model}/records";
    private string NameOf(string id) => _ids.Single(x => x.Value == id).Key;
    private static string TitleField(string model) => model == "customer" ? "name" : "title";
    private static IEnumerable<string> AllRows(string model) => model == "customer" ? ["甲", "乙", "丙", "丁", "戊"] : ["一", "二", "三", "四", "五"];

    private static void AssertFields(JsonObject record, Expectation e, string where)
    {
        foreach (var hidden in e.Hidden) Assert.That(record.ContainsKey(hidden), Is.False, $"{e}: {hidden} in {where}");
        foreach (var shown in e.Shown) Assert.That(record.ContainsKey(shown), Is.True, $"{e}: {shown} missing from {where}");
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task List_and_query_return_exactly_the_scoped_rows_and_visible_fields(Expectation e)
    {
        foreach (var (client, how) in new[] { (_sessions[e.Role], "session"), (_tokens[e.Role], "API token") })
        {
            var page = await QueryAsync(client, App, e.Model, new { total = true, sort = new[] { new { field = TitleField(e.Model), dir = "asc" } } });
            var items = page["items"]!.AsArray().Cast<JsonObject>().ToList();
            Assert.That(items.Select(i => NameOf(i["id"]!.GetValue<string>())), Is.EquivalentTo(e.Rows), $"{e} via {how}");
            Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(e.Rows.Length));
            foreach (var item in items) AssertFields(item, e, "the list");
        }
        var (status, filtered) = await SendAsync(_sessions[e.Role], HttpMethod.Post, $"{Records(e.Model)}/query",
            new { filter = new { field = "owner", op = "isEmpty" } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(filtered!["items"]!.AsArray().Select(i => NameOf(i!["id"]!.GetValue<string>())),
            Is.EquivalentTo(e.Rows.Where(r => r == "丁")), "a filter narrows within the scope only");
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task Detail_is_found_only_inside_the_scope_and_shows_only_visible_fields(Expectation e)
    {
        foreach (var row in AllRows(e.Model))
        {
            var (status, record) = await SendAsync(_sessions[e.Role], HttpMethod.Get, $"{Records(e.Model)}/{_ids[row]}");
            Assert.That(status, Is.EqualTo(e.Rows.Contains(row) ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"{e}: {row}");
            if (status == HttpStatusCode.OK) AssertFields((JsonObject)record!, e, "the detail");
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task Aggregates_count_only_the_scope_and_hidden_fields_cannot_be_measured_grouped_filtered_or_sorted(Expectation e)
    {
        var client = _sessions[e.Role];
        var (status, agg) = await SendAsync(client, HttpMethod.Post, $"{Records(e.Model)}/aggregate",
            new { groupBy = new[] { TitleField(e.Model) }, measures = new[] { new { op = "count" } } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), agg?.ToJsonString());
        Assert.That(agg!["rows"]!.AsArray().Select(r => r![TitleField(e.Model)]!.GetValue<string>()), Is.EquivalentTo(e.Rows));
        foreach (var hidden in e.Hidden)
        {
            var (unknownStatus, unknown) = await SendAsync(client, HttpMethod.Post, $"{Records(e.Model)}/query", new { filter = new { field = "no_such_field", op = "eq", value = 1 } });
            Assert.That(unknownStatus, Is.EqualTo(HttpStatusCode.BadRequest));
            var expected = Errors(unknown)["filter.field"]![0]!.GetValue<string>().Replace("no_such_field", hidden);
            var requests = new (string Path, object Body, string Key)[]
            {
                ("query", new { filter = new { field = hidden, op = "gt", value = 100 } }, "filter.field"),
                ("query", new { filter = new { or = new object[] { new { field = "id", op = "eq", value = "x" }, new { field = hidden, op = "isEmpty" } } } }, "filter.or[1].field"),
                ("query", new { sort = new[] { new { field = hidden, dir = "desc" } } }, "sort[0].field"),
                ("query", new { fields = new[] { hidden } }, "fields[0]"),
                ("aggregate", new { measures = new[] { new { op = "sum", field = hidden } } }, "measures[0].field"),
                ("aggregate", new { groupBy = new[] { hidden } }, "groupBy[0]"),
                ("export", new { format = "csv", sort = new[] { new { field = hidden, dir = "asc" } } }, "sort[0].field"),
            };
            if (e.Model == "deal") requests = [.. requests, ("query", new { filter = new { field = "customer." + hidden, op = "gt", value = 1 } }, "filter.field")];
            foreach (var (path, body, key) in requests)
            {
                if (path == "export" && e.ExportRows is null) continue;
                var (s, problem) = await SendAsync(client, HttpMethod.Post, $"{Records(e.Model)}/{path}", body);
                Assert.That(s, Is.EqualTo(HttpStatusCode.BadRequest), $"{e}: {path} {key}");
                Assert.That(Errors(problem)[key]![0]!.GetValue<string>(), Is.EqualTo(expected.Replace($"'{hidden}'", $"'{(key == "filter.field" && e.Model == "deal" && problem!.ToJsonString().Contains("customer.") ? "customer." + hidden : hidden)}'")),
                    $"{e}: {path} {key} answers like an unknown field");
            }
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task History_is_readable_inside_the_scope_and_never_holds_hidden_fields(Expectation e)
    {
        foreach (var row in AllRows(e.Model))
        {
            var (status, history) = await SendAsync(_sessions[e.Role], HttpMethod.Get, $"{Records(e.Model)}/{_ids[row]}/history");
            Assert.That(status, Is.EqualTo(e.Rows.Contains(row) ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"{e}: {row}");
            if (status != HttpStatusCode.OK) continue;
            var text = history!.ToJsonString();
            foreach (var hidden in e.Hidden) Assert.That(text, Does.Not.Contain(hidden), $"{e}: history of {row}");
            foreach (var shown in e.Shown) Assert.That(text, Does.Contain(shown), $"{e}: history of {row}");
            if (e.Model == "deal")
                Assert.That(history.AsArray().Select(h => h!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "create", "update" }));
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task Export_files_hold_exactly_the_export_scope_and_visible_columns(Expectation e)
    {
        var response = await _sessions[e.Role].PostAsync($"{Records(e.Model)}/export", Json(new { format = "csv" }));
        if (e.ExportRows is null)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{e} may not export");
            return;
        }
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        foreach (var hidden in e.Hidden) Assert.That(header, Does.Not.Contain(hidden), $"{e}: export columns");
        foreach (var shown in e.Shown) Assert.That(header, Does.Contain(shown), $"{e}: export columns");
        var id = Array.IndexOf(header, "id");
        Assert.That(lines.Skip(1).Select(l => NameOf(l.Split(',')[id])), Is.EquivalentTo(e.ExportRows));
        var costs = lines.Skip(1).SelectMany(l => l.Split(',')).Intersect(CostPrices).ToList();
        if (e.Hidden.Contains("cost_price")) Assert.That(costs, Is.Empty, $"{e}: no hidden value in the file");
        else Assert.That(costs, Is.Not.Empty, $"{e}: the values are there for who may see them");
    }

    [TestCaseSource(nameof(Writes))]
    public async Task Writes_use_the_row_scope_of_their_own_action(Write w)
    {
        var url = $"{Records(w.Model)}/{_ids[w.Row]}";
        var (status, body) = w.Method == "PATCH"
            ? await SendAsync(_sessions[w.Role], HttpMethod.Patch, url, new JsonObject(), ifMatch: "999")
            : await SendAsync(_sessions[w.Role], HttpMethod.Delete, url, ifMatch: "999");
        Assert.That((int)status, Is.EqualTo(w.Status), body?.ToJsonString());
        var e = Matrix.Single(x => x.Role == w.Role && x.Model == w.Model);
        if (w.Status == 409) AssertFields((JsonObject)body!["current"]!, e, "the 409 body");
        foreach (var hidden in e.Hidden) Assert.That(body?.ToJsonString() ?? "", Does.Not.Contain(hidden));
    }

    // One model is enough for the workflow path.
    public static IEnumerable<Expectation> DealMatrix => Matrix.Where(e => e.Model == "deal");

    [TestCaseSource(nameof(DealMatrix))]
    public async Task Workflow_steps_acting_for_the_user_read_exactly_what_the_user_reads(Expectation e)
    {
        await PublishWorkflowsAsync();
        var detail = await WorkflowRuns.RunAndSettleAsync(_sessions[e.Role], _admin, App, "find-deals");
        Assert.That(WorkflowRuns.Status(detail), Is.EqualTo("completed"), WorkflowRuns.Incident(detail));
        var found = JsonNode.Parse(detail.GetProperty("variables").GetProperty("found").GetRawText())!.AsArray().Cast<JsonObject>().ToList();
        Assert.That(found.Select(r => r["title"]!.GetValue<string>()), Is.EquivalentTo(e.Rows));
        foreach (var record in found) AssertFields(record, e, "the workflow's query");
    }

    [TestCase("rep", "甲", "completed")]
    [TestCase("rep", "丁", "may not update this customer record")]
    [TestCase("rep", "乙", "There is no customer record")]
    [TestCase("channel", "乙", "completed")]
    [TestCase("director", "甲", "may not update records of 'customer'")]
    public async Task Workflow_writes_acting_for_the_user_use_the_users_update_scope(string role, string row, string outcome)
    {
        await PublishWorkflowsAsync();
        var detail = await WorkflowRuns.RunAndSettleAsync(_sessions[role], _admin, App, "touch-customer", _ids[row]);
        if (outcome == "completed") Assert.That(WorkflowRuns.Status(detail), Is.EqualTo("completed"), WorkflowRuns.Incident(detail));
        else
        {
            Assert.That(WorkflowRuns.Status(detail), Is.EqualTo("faulted"));
            Assert.That(WorkflowRuns.Incident(detail), Does.Contain(outcome));
        }
    }

    [Test]
    public async Task Channel_staff_see_rebate_rate_but_cost_price_never_even_in_error_messages()
    {
        var channel = _sessions["channel"];
        var customer = $"{Records("customer")}/{_ids["乙"]}";
        var (status, record) = await SendAsync(channel, HttpMethod.Get, customer);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(record!["rebate_rate"]!.GetValue<decimal>(), Is.EqualTo(6m));
        var (s1, hidden) = await SendAsync(channel, HttpMethod.Patch, customer, new { cost_price = 1 }, ifMatch: "1");
        var (s2, unknown) = await SendAsync(channel, HttpMethod.Patch, customer, new { cost_pricf = 1 }, ifMatch: "1");
        Assert.That(s1, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(s2, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(hidden)["cost_price"]![0]!.GetValue<string>().Replace("cost_price", "X"),
            Is.EqualTo(Errors(unknown)["cost_pricf"]![0]!.GetValue<string>().Replace("cost_pricf", "X")), "a hidden field is refused like one that does not exist");
        var (s3, readOnly) = await SendAsync(channel, HttpMethod.Patch, customer, new { rebate_rate = 1 }, ifMatch: "1");
        Assert.That(s3, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(readOnly)["rebate_rate"]![0]!.GetValue<string>(), Does.Contain("read-only"));
        var (s4, access) = await SendAsync(channel, HttpMethod.Get, $"/api/apps/{App}/models/customer/access");
        Assert.That(s4, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(access!["fields"]!["cost_price"]!.GetValue<string>(), Is.EqualTo("hidden"));
        var (_, schema) = await SendAsync(channel, HttpMethod.Get, $"/api/apps/{App}/models/deal/schema");
        Assert.That(((JsonObject)schema!["properties"]!).ContainsKey("cost_price"), Is.False);
        Assert.That(((JsonObject)schema["properties"]!).ContainsKey("rebate_rate"), Is.True);
    }
}
