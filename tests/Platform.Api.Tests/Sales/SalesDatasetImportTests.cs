using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Sales;

/// <summary>
/// The public CRM sales data set imported into the sales template with the template's own import
/// mapping (templates/sales-crm/imports/crm-sales-opportunities.json) through the import API.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class SalesDatasetImportTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "sales-import";

    /// <summary>../shared/datasets beside the repository (a clone at /work/&lt;name&gt; or a worktree at /work/wt/&lt;name&gt;).</summary>
    private static string DatasetFile(string dataset, string file)
    {
        foreach (var root in new[] { Path.Combine(TestDatabases.RepositoryRoot(), "..", "shared"), Path.Combine(TestDatabases.RepositoryRoot(), "..", "..", "shared"), "/work/shared" })
        {
            var p = Path.Combine(root, "datasets", dataset, file);
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException($"{dataset}/{file} (looked in ../shared/datasets beside the repository)");
    }

    private static JsonObject Mapping() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(TestDatabases.RepositoryRoot(),
        "templates", "sales-crm", "imports", "crm-sales-opportunities.json")))!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        var (status, body) = await SendAsync(_client, HttpMethod.Post, "/api/apps/import?from=sales-crm", new { key = App, name = "导入" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body?.ToJsonString());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode Body)> ImportAsync(string model, string path, JsonNode options)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", Path.GetFileName(path));
        form.Add(new StringContent(options.ToJsonString(), Encoding.UTF8), "options");
        var response = await _client.PostAsync($"/api/apps/{App}/models/{model}/records/import", form);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Test]
    public async Task All_8800_opportunities_import_with_the_template_mapping_and_the_figures_match_the_source()
    {
        var mapping = Mapping();
        var expected = new Dictionary<string, int> { ["customer"] = 85, ["product"] = 7, ["sales_team"] = 35, ["opportunity"] = 8800 };
        foreach (var step in mapping["steps"]!.AsArray())
        {
            var model = step!["model"]!.GetValue<string>();
            var (status, report) = await ImportAsync(model, DatasetFile(mapping["dataset"]!.GetValue<string>(), step["file"]!.GetValue<string>()), step["options"]!);
            var text = report.ToJsonString();
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), $"{model}: {text[..Math.Min(800, text.Length)]}");
            Assert.That(report["rejected"]!.AsArray(), Is.Empty, model);
            Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(expected[model]), model);
        }

        async Task<JsonArray> Aggregate(object body) => (JsonArray)(await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/opportunity/records/aggregate", body)).Body!["rows"]!;
        var byStage = (await Aggregate(new { groupBy = new[] { "stage" }, measures = new object[] { new { op = "count" }, new { op = "sum", field = "amount" } } }))
            .ToDictionary(r => r!["stage"]!.GetValue<string>(), r => (Count: r!["count"]!.GetValue<long>(), Sum: r["sum_amount"]?.GetValue<decimal>() ?? 0));
        Assert.That(byStage["赢单"].Count, Is.EqualTo(4238));
        Assert.That(byStage["赢单"].Sum, Is.EqualTo(10_005_534m), "won value as the source states");
        Assert.That(byStage["输单"].Count, Is.EqualTo(2473));
        Assert.That(byStage["需求确认"].Count, Is.EqualTo(1589), "Engaging");
        Assert.That(byStage["初步接触"].Count, Is.EqualTo(500), "Prospecting");

        var gtxPro = await Aggregate(new { filter = new { field = "product.name", op = "eq", value = "GTX Pro" }, measures = new object[] { new { op = "count" } } });
        Assert.That(gtxPro[0]!["count"]!.GetValue<long>(), Is.EqualTo(1480), "GTXPro rows mapped to the product GTX Pro");
        var noAccount = await Aggregate(new { filter = new { field = "customer", op = "isEmpty" }, measures = new object[] { new { op = "count" } } });
        Assert.That(noAccount[0]!["count"]!.GetValue<long>(), Is.EqualTo(1425), "open deals without an account are kept, without a customer");
        var tech = await QueryAsync(_client, App, "customer", new { filter = new { field = "industry", op = "eq", value = "科技" }, total = true, page = new { size = 1 } });
        Assert.That(tech["total"]!.GetValue<long>(), Is.EqualTo(12), "the misspelled sector 'technolgy' maps to 科技");
        var central = await QueryAsync(_client, App, "opportunity", new { filter = new { field = "sales_agent.regional_office", op = "eq", value = "Central" }, total = true, page = new { size = 1 } });
        Assert.That(central["total"]!.GetValue<long>(), Is.GreaterThan(0), "each deal links to its sales agent");
    }

    [Test]
    public async Task Without_the_value_mapping_every_GTXPro_row_is_named_and_nothing_is_imported()
    {
        var mapping = Mapping();
        var step = mapping["steps"]!.AsArray().Single(s => s!["model"]!.GetValue<string>() == "opportunity")!;
        var options = step["options"]!.DeepClone();
        ((JsonObject)options["values"]!).Remove("product");
        var app = App;
        var before = await CountAsync(_client, app, "opportunity");
        var (status, report) = await ImportAsync("opportunity", DatasetFile("crm-sales-opportunities", "sales_pipeline.csv"), options);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        var rejected = report["rejected"]!.AsArray();
        Assert.That(rejected.Count(r => r!["errors"]!["product"]?[0]?.GetValue<string>() == "No product named 'GTXPro'."), Is.EqualTo(1480));
        Assert.That(await CountAsync(_client, app, "opportunity"), Is.EqualTo(before), "all or nothing");
    }
}
