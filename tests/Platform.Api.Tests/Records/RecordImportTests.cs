using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>CSV and XLSX import, including the acceptance data set of issue 3 (8,800 opportunities).</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordImportTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "crm-import";

    private static string DatasetPath(string file)
    {
        foreach (var root in new[] { Path.Combine(TestDatabases.RepositoryRoot(), "..", "shared"), Path.Combine(TestDatabases.RepositoryRoot(), "..", "..", "shared"), "/work/shared" })
        {
            var p = Path.Combine(root, "datasets", "crm-sales-opportunities", file);
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException(file);
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        var package = JsonNode.Parse($$"""
        { "key": "{{App}}", "name": "import", "models": [
          { "key": "account", "name": "Account", "displayField": "account", "fields": [
            { "key": "account", "type": "text", "required": true, "unique": true }, { "key": "sector", "type": "text" },
            { "key": "year_established", "type": "number", "integer": true }, { "key": "revenue", "type": "decimal" },
            { "key": "employees", "type": "number", "integer": true }, { "key": "office_location", "type": "text" }, { "key": "subsidiary_of", "type": "text" } ] },
          { "key": "product", "name": "Product", "displayField": "product", "fields": [
            { "key": "product", "type": "text", "required": true, "unique": true }, { "key": "series", "type": "text" }, { "key": "sales_price", "type": "decimal" } ] },
          { "key": "agent", "name": "Agent", "displayField": "sales_agent", "fields": [
            { "key": "sales_agent", "type": "text", "required": true }, { "key": "manager", "type": "text" }, { "key": "regional_office", "type": "text" } ] },
          { "key": "opportunity", "name": "Opportunity", "fields": [
            { "key": "opportunity_id", "type": "text", "required": true, "unique": true },
            { "key": "sales_agent", "type": "relation", "relation": { "kind": "manyToOne", "model": "agent" } },
            { "key": "product", "type": "relation", "relation": { "kind": "manyToOne", "model": "product" } },
            { "key": "account", "type": "relation", "relation": { "kind": "manyToOne", "model": "account" } },
            { "key": "deal_stage", "type": "singleSelect", "options": [ { "value": "Prospecting" }, { "value": "Engaging" }, { "value": "Won" }, { "value": "Lost" } ] },
            { "key": "engage_date", "type": "date" }, { "key": "close_date", "type": "date" }, { "key": "close_value", "type": "decimal" } ] }
        ] }
        """)!;
        var response = await _client.PostAsync("/api/apps/import", Json(package));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode Body)> ImportAsync(string model, byte[] content, string fileName, object? options = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", fileName);
        if (options is not null) form.Add(new StringContent(System.Text.Json.JsonSerializer.Serialize(options), Encoding.UTF8), "options");
        var response = await _client.PostAsync($"/api/apps/{App}/models/{model}/records/import", form);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Test, Order(1)]
    public async Task The_sales_data_set_imports_completely_or_names_every_refused_row()
    {
        foreach (var (model, file, expected) in new[] { ("account", "accounts.csv", 85), ("product", "products.csv", 7), ("agent", "sales_teams.csv", 35) })
        {
            var (status, report) = await ImportAsync(model, File.ReadAllBytes(DatasetPath(file)), file);
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), report.ToJsonString()[..Math.Min(500, report.ToJsonString().Length)]);
            Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(expected));
        }
        var pipeline = File.ReadAllBytes(DatasetPath("sales_pipeline.csv"));
        var (s1, refused) = await ImportAsync("opportunity", pipeline, "sales_pipeline.csv");
        Assert.That(s1, Is.EqualTo(HttpStatusCode.BadRequest));
        var rejected = refused["rejected"]!.AsArray();
        Assert.That(rejected, Has.Count.EqualTo(1480), "every row naming the unknown product GTXPro");
        Assert.That(rejected.All(r => r!["errors"]!["product"]![0]!.GetValue<string>() == "No product named 'GTXPro'."), Is.True);
        Assert.That(rejected[0]!["row"]!.GetValue<int>(), Is.EqualTo(3), "line 3 of the file (the header is line 1)");
        Assert.That(await CountAsync(_client, App, "opportunity"), Is.EqualTo(0), "all or nothing");

        var (s2, done) = await ImportAsync("opportunity", pipeline, "sales_pipeline.csv", new { values = new { product = new Dictionary<string, string> { ["GTXPro"] = "GTX Pro" } } });
        Assert.That(s2, Is.EqualTo(HttpStatusCode.Created), done.ToJsonString()[..Math.Min(500, done.ToJsonString().Length)]);
        Assert.That(done["created"]!.GetValue<int>(), Is.EqualTo(8800));
        Assert.That(done["rejected"]!.AsArray(), Is.Empty);
        Assert.That(await CountAsync(_client, App, "opportunity"), Is.EqualTo(8800));
        var won = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/opportunity/records/aggregate",
            new { filter = new { field = "product.product", op = "eq", value = "GTX Pro" }, measures = new object[] { new { op = "count" } } });
        Assert.That(won.Body!["rows"]![0]!["count"]!.GetValue<long>(), Is.EqualTo(1480));
    }

    [Test]
    public async Task Skipping_bad_rows_imports_the_rest_and_reports_each_bad_row()
    {
        var csv = "sales_agent,manager,regional_office,shoe_size\nAnn,Bob,East,1\n,Bob,West,2\nCarl,Dee,North,3\n";
        var (status, problem) = await ImportAsync("agent", Encoding.UTF8.GetBytes(csv), "agents.csv", new { mode = "skipBadRows" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), "an unmapped column is refused, never dropped");
        Assert.That(problem["errors"]!["mapping.shoe_size"], Is.Not.Null);

        var before = await CountAsync(_client, App, "agent");
        var (s2, report) = await ImportAsync("agent", Encoding.UTF8.GetBytes(csv), "agents.csv", new { mode = "skipBadRows", mapping = new Dictionary<string, string?> { ["shoe_size"] = null } });
        Assert.That(s2, Is.EqualTo(HttpStatusCode.Created), report.ToJsonString());
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(report["rejected"]![0]!["row"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(report["rejected"]![0]!["errors"]!["sales_agent"], Is.Not.Null);
        Assert.That(await CountAsync(_client, App, "agent"), Is.EqualTo(before + 2));
    }

    [Test]
    public async Task An_xlsx_workbook_imports_like_csv()
    {
        using var ms = new MemoryStream();
        ms.SaveAs(new[] { new Dictionary<string, object> { ["product"] = "Widget X", ["series"] = "W", ["sales_price"] = 12.5 },
                          new Dictionary<string, object> { ["product"] = "Widget Y", ["series"] = "W", ["sales_price"] = "abc" } });
        var (status, report) = await ImportAsync("product", ms.ToArray(), "products.xlsx");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(report["rejected"]![0]!["row"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(report["rejected"]![0]!["errors"]!["sales_price"]![0]!.GetValue<string>(), Does.Contain("abc"));
        var found = await QueryAsync(_client, App, "product", new { filter = new { field = "series", op = "eq", value = "W" } });
        Assert.That(found["items"]!.AsArray(), Is.Empty);
    }
}
