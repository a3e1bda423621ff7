using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>
/// Import actions create / update / upsert: rows matched to records on a unique field (or the id),
/// updated through the same checks as PATCH (update right, row scope, field masks), with audit rows,
/// and reported exactly (created, updated, rejected rows with reasons).
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordImportUpdateTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!, _rep = null!, _creator = null!;
    private const string App = "crm-upsert";
    private string _repId = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        var package = JsonNode.Parse($$"""
        { "key": "{{App}}", "name": "upsert", "models": [
          { "key": "customer", "name": "Customer", "displayField": "name", "fields": [
            { "key": "code", "type": "text", "required": true, "unique": true },
            { "key": "name", "type": "text", "required": true },
            { "key": "credit", "type": "decimal", "min": 0 },
            { "key": "region", "type": "text" } ] } ],
          "roles": [
            { "key": "reader", "name": "Reader", "permissions": { "customer": { "actions": ["read"], "rowScope": "all" } } },
            { "key": "rep", "name": "Rep", "permissions": { "customer": { "actions": ["read", "create", "update", "import"], "rowScope": "own",
              "fields": { "credit": "readOnly" } } } },
            { "key": "creator", "name": "Creator", "permissions": { "customer": { "actions": ["read", "create", "import"], "rowScope": "own" } } } ] }
        """)!;
        Assert.That((await _admin.PostAsync("/api/apps/import", Json(package))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var (s1, rep) = await SendAsync(_admin, HttpMethod.Post, "/api/users", new { userName = "upsert-rep", password = "rep-password-123", roles = new[] { $"{App}/reader", $"{App}/rep" } });
        Assert.That(s1, Is.EqualTo(HttpStatusCode.Created), rep?.ToJsonString());
        _repId = rep!["id"]!.GetValue<string>();
        var (s2, creator) = await SendAsync(_admin, HttpMethod.Post, "/api/users", new { userName = "upsert-creator", password = "creator-password-123", roles = new[] { $"{App}/creator" } });
        Assert.That(s2, Is.EqualTo(HttpStatusCode.Created), creator?.ToJsonString());
        _rep = await _factory.SignedInClientAsync("upsert-rep", "rep-password-123");
        _creator = await _factory.SignedInClientAsync("upsert-creator", "creator-password-123");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private static Task<(HttpStatusCode Status, JsonNode Body)> ImportAsync(HttpClient client, string csv, object options) =>
        ImportCsvAsync(client, App, "customer", csv, options);

    /// <summary>The customers whose code starts with the prefix, by code: (id, name, credit, rowVersion).</summary>
    private async Task<Dictionary<string, (string Id, string Name, decimal? Credit, long Version)>> CustomersAsync(string prefix)
    {
        var page = await QueryAsync(_admin, App, "customer", new { filter = new { field = "code", op = "startsWith", value = prefix }, page = new { size = 100 } });
        return page["items"]!.AsArray().ToDictionary(i => i!["code"]!.GetValue<string>(),
            i => (i!["id"]!.GetValue<string>(), i["name"]!.GetValue<string>(), i["credit"]?.GetValue<decimal>(), i["rowVersion"]!.GetValue<long>()));
    }

    private static string[] Rows(JsonNode report) => report["rejected"]!.AsArray().Select(r => $"{r!["row"]}:{string.Join(",", r["errors"]!.AsObject().Select(e => e.Key))}").ToArray();

    [Test]
    public async Task A_created_row_repeating_a_unique_value_is_refused_alone_with_its_reason()
    {
        await CreateAsync(_admin, App, "customer", new { code = "D-1", name = "Existing" });
        var (status, report) = await ImportAsync(_admin, "code,name\nD-1,Again\nD-2,First\nD-2,Twice\nD-3,Fine\n", new { mode = "skipBadRows" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), report.ToJsonString());
        Assert.That(Rows(report), Is.EqualTo(new[] { "2:code", "4:code" }), "the file's row naming an existing code and its second D-2");
        Assert.That((await CustomersAsync("D-")).ToDictionary(c => c.Key, c => c.Value.Name),
            Is.EqualTo(new Dictionary<string, string> { ["D-1"] = "Existing", ["D-2"] = "First", ["D-3"] = "Fine" }));
    }

    [Test]
    public async Task Upsert_updates_matched_rows_creates_the_others_and_audits_each_update()
    {
        await CreateAsync(_admin, App, "customer", new { code = "U-1", name = "Alpha", credit = 10, region = "East" });
        await CreateAsync(_admin, App, "customer", new { code = "U-2", name = "Beta", credit = 20, region = "West" });
        var (status, report) = await ImportAsync(_admin, "code,name,credit\nU-1,Alpha Ltd,15\nU-3,Gamma,30\nU-2,,25\n", new { action = "upsert", matchOn = "code" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), report.ToJsonString());
        Assert.That((report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>()), Is.EqualTo((1, 2)));
        Assert.That(report["rejected"]!.AsArray(), Is.Empty);

        var all = await CustomersAsync("U-");
        Assert.That(all.Keys, Is.EquivalentTo(new[] { "U-1", "U-2", "U-3" }), "no duplicate was created");
        Assert.That((all["U-1"].Name, all["U-1"].Credit, all["U-1"].Version), Is.EqualTo(("Alpha Ltd", 15m, 2L)));
        Assert.That((all["U-2"].Name, all["U-2"].Credit), Is.EqualTo(("Beta", 25m)), "an empty cell leaves the stored value");
        Assert.That((all["U-3"].Name, all["U-3"].Credit, all["U-3"].Version), Is.EqualTo(("Gamma", 30m, 1L)));
        var one = await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/customer/records/{all["U-1"].Id}");
        Assert.That(one.Body!["region"]!.GetValue<string>(), Is.EqualTo("East"), "a field without a column is left alone");

        var (_, history) = await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/customer/records/{all["U-1"].Id}/history");
        var update = history!.AsArray().Single(h => h!["kind"]!.GetValue<string>() == "updated")!;
        Assert.That(update["before"]!["name"]!.GetValue<string>(), Is.EqualTo("Alpha"));
        Assert.That(update["after"]!["name"]!.GetValue<string>(), Is.EqualTo("Alpha Ltd"));
        Assert.That(update["changed"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EquivalentTo(new[] { "name", "credit" }));
    }

    [Test]
    public async Task Update_refuses_rows_without_a_match_and_all_or_nothing_changes_nothing()
    {
        await CreateAsync(_admin, App, "customer", new { code = "N-1", name = "One", credit = 1 });
        await CreateAsync(_admin, App, "customer", new { code = "N-2", name = "Two", credit = 2 });
        const string csv = "code,name,credit\nN-1,One updated,11\nN-404,Nobody,4\nN-2,Two updated,-5\nN-1,Again,12\n,Blank,1\n";

        var (status, report) = await ImportAsync(_admin, csv, new { action = "update", matchOn = "code" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), report.ToJsonString());
        Assert.That(Rows(report), Is.EqualTo(new[] { "3:code", "4:credit", "5:code", "6:code" }));
        var rejected = report["rejected"]!.AsArray();
        Assert.That(rejected[0]!["errors"]!["code"]![0]!.GetValue<string>(), Is.EqualTo("There is no record with this value to update."));
        Assert.That(rejected[2]!["errors"]!["code"]![0]!.GetValue<string>(), Is.EqualTo("An earlier row of the file updates the same record."));
        Assert.That(rejected[3]!["errors"]!["code"]![0]!.GetValue<string>(), Is.EqualTo("A value is needed to find the record to update."));
        Assert.That((report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>()), Is.EqualTo((0, 0)));
        var all = await CustomersAsync("N-");
        Assert.That(all.Keys, Is.EquivalentTo(new[] { "N-1", "N-2" }));
        Assert.That((all["N-1"].Name, all["N-1"].Credit, all["N-1"].Version), Is.EqualTo(("One", 1m, 1L)), "all or nothing: the good row was not written either");

        (status, report) = await ImportAsync(_admin, csv, new { action = "update", matchOn = "code", mode = "skipBadRows" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), report.ToJsonString());
        Assert.That((report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>()), Is.EqualTo((0, 1)));
        Assert.That(Rows(report), Is.EqualTo(new[] { "3:code", "4:credit", "5:code", "6:code" }));
        all = await CustomersAsync("N-");
        Assert.That(all.Keys, Is.EquivalentTo(new[] { "N-1", "N-2" }), "update never creates");
        Assert.That((all["N-1"].Name, all["N-1"].Credit, all["N-1"].Version), Is.EqualTo(("One updated", 11m, 2L)));
        Assert.That((all["N-2"].Name, all["N-2"].Credit, all["N-2"].Version), Is.EqualTo(("Two", 2m, 1L)));
    }

    [Test]
    public async Task A_bad_create_row_in_an_upsert_keeps_the_matched_updates_from_being_written()
    {
        await CreateAsync(_admin, App, "customer", new { code = "B-1", name = "Bee", credit = 3 });
        var (status, report) = await ImportAsync(_admin, "code,name,credit\nB-1,Bee 2,4\nB-2,,5\nB-3,Cee,6\n", new { action = "upsert", matchOn = "code" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), report.ToJsonString());
        Assert.That(Rows(report), Is.EqualTo(new[] { "3:name" }), "a new row needs its required name");
        var all = await CustomersAsync("B-");
        Assert.That(all.Keys, Is.EquivalentTo(new[] { "B-1" }));
        Assert.That((all["B-1"].Name, all["B-1"].Version), Is.EqualTo(("Bee", 1L)));
    }

    [Test]
    public async Task Rows_match_records_by_id()
    {
        var a = await CreateAsync(_admin, App, "customer", new { code = "I-1", name = "Id one" });
        var csv = $"id,name\n{a["id"]!.GetValue<string>()},Id one renamed\nno-such-id,Ghost\n";
        var (status, report) = await ImportAsync(_admin, csv, new { action = "update", matchOn = "id", mode = "skipBadRows" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), report.ToJsonString());
        Assert.That((report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>()), Is.EqualTo((0, 1)));
        Assert.That(Rows(report), Is.EqualTo(new[] { "3:id" }));
        Assert.That((await CustomersAsync("I-"))["I-1"].Name, Is.EqualTo("Id one renamed"));
    }

    [Test]
    public async Task Bad_options_are_refused_and_nothing_is_written()
    {
        async Task<JsonObject> Refused(object options, string csv = "code,name\nO-1,x\n")
        {
            var (status, problem) = await ImportAsync(_admin, csv, options);
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToJsonString());
            return Errors(problem);
        }
        Assert.That((await Refused(new { action = "merge" })).ContainsKey("action"));
        Assert.That((await Refused(new { action = "update" }))["matchOn"]![0]!.GetValue<string>(), Does.Contain("unique field"));
        Assert.That((await Refused(new { action = "upsert", matchOn = "name" }))["matchOn"]![0]!.GetValue<string>(), Does.Contain("not a unique field"));
        Assert.That((await Refused(new { action = "upsert", matchOn = "nope" }))["matchOn"]![0]!.GetValue<string>(), Does.Contain("not a field"));
        Assert.That((await Refused(new { action = "create", matchOn = "code" })).ContainsKey("matchOn"));
        Assert.That((await Refused(new { action = "upsert", matchOn = "code" }, "name\nx\n"))["matchOn"]![0]!.GetValue<string>(), Does.Contain("No column"));
        Assert.That(await CustomersAsync("O-"), Is.Empty);
    }

    [Test]
    public async Task Updates_go_through_the_callers_update_right_row_scope_and_field_masks()
    {
        await CreateAsync(_admin, App, "customer", new { code = "P-1", name = "Admin's", credit = 1 });
        await CreateAsync(_rep, App, "customer", new { code = "P-2", name = "Rep's" });
        await CreateAsync(_rep, App, "customer", new { code = "P-3", name = "Rep's too" });

        var (status, report) = await ImportAsync(_rep, "code,name\nP-1,Taken over\nP-2,Rep renamed\nP-4,New one\n", new { action = "upsert", matchOn = "code", mode = "skipBadRows" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), report.ToJsonString());
        Assert.That((report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>()), Is.EqualTo((1, 1)));
        Assert.That(report["rejected"]![0]!["row"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(report["rejected"]![0]!["errors"]!["code"]![0]!.GetValue<string>(), Is.EqualTo("You may not update this record."), "readable, but outside the rep's update scope");

        (status, report) = await ImportAsync(_rep, "code,credit\nP-3,50\n", new { action = "update", matchOn = "code" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), report.ToJsonString());
        Assert.That(report["rejected"]![0]!["errors"]!["credit"]![0]!.GetValue<string>(), Is.EqualTo("This field is read-only for you."));

        var all = await CustomersAsync("P-");
        Assert.That(all.Keys, Is.EquivalentTo(new[] { "P-1", "P-2", "P-3", "P-4" }));
        Assert.That((all["P-1"].Name, all["P-1"].Version), Is.EqualTo(("Admin's", 1L)));
        Assert.That(all["P-2"].Name, Is.EqualTo("Rep renamed"));
        Assert.That(all["P-3"].Credit, Is.Null);
        var created = await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/customer/records/{all["P-4"].Id}");
        Assert.That(created.Body!["owner"]!.GetValue<string>(), Is.EqualTo(_repId));

        (status, var forbidden) = await ImportAsync(_creator, "code,name\nP-2,Creator\n", new { action = "upsert", matchOn = "code" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden), forbidden.ToJsonString());
        Assert.That((await CustomersAsync("P-"))["P-2"].Name, Is.EqualTo("Rep renamed"));
    }
}
