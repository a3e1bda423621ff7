using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class AppTests(string provider)
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

    private async Task<JsonElement[]> Apps() => (await _client.GetFromJsonAsync<JsonElement[]>("/api/apps"))!;

    [Test]
    public async Task The_sales_template_is_installed_on_first_start()
    {
        var sales = (await Apps()).Single(a => a.GetProperty("key").GetString() == "sales-crm");
        Assert.That(sales.GetProperty("templateKey").GetString(), Is.EqualTo("sales-crm"));
        Assert.That(sales.GetProperty("name").GetString(), Is.EqualTo("销售管理"));
    }

    [Test]
    public async Task Templates_are_listed()
    {
        var templates = await _client.GetFromJsonAsync<JsonElement[]>("/api/templates");
        Assert.That(templates!.Select(t => t.GetProperty("key").GetString()), Does.Contain("sales-crm"));
    }

    [Test]
    public async Task A_copy_of_the_template_is_a_separate_app_that_remembers_its_origin()
    {
        var response = await _client.PostAsJsonAsync("/api/apps/sales-crm/copy", new { key = "sales-east", name = "华东销售" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var copy = await _client.GetFromJsonAsync<JsonElement>("/api/apps/sales-east/export");
        Assert.That(copy.GetProperty("name").GetString(), Is.EqualTo("华东销售"));
        Assert.That(copy.GetProperty("copiedFrom").GetString(), Is.EqualTo("sales-crm"));
        Assert.That(copy.GetProperty("models").GetArrayLength(), Is.GreaterThan(0));
        Assert.That((await Apps()).Select(a => a.GetProperty("key").GetString()), Is.SupersetOf(new[] { "sales-crm", "sales-east" }));
    }

    [Test]
    public async Task Importing_from_a_template_under_a_new_key_works_and_a_taken_key_is_refused()
    {
        var first = await _client.PostAsJsonAsync("/api/apps/import?from=sales-crm", new { key = "sales-north", name = "华北销售" });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var again = await _client.PostAsJsonAsync("/api/apps/import?from=sales-crm", new { key = "sales-north", name = "又一个" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("key")[0].GetString(), Does.Contain("already exists"));
        var north = (await Apps()).Single(a => a.GetProperty("key").GetString() == "sales-north");
        Assert.That(north.GetProperty("name").GetString(), Is.EqualTo("华北销售"));
    }

    [Test]
    public async Task An_invalid_package_is_refused_with_field_errors_and_nothing_is_created()
    {
        var before = (await Apps()).Length;
        var response = await _client.PostAsJsonAsync("/api/apps/import", new { key = "Bad Key!", models = "not a list" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("key", out _) && errors.TryGetProperty("name", out _) && errors.TryGetProperty("models", out _), Is.True);
        Assert.That((await Apps()).Length, Is.EqualTo(before));
    }

    [Test]
    public async Task Exporting_an_unknown_app_is_404()
    {
        var response = await _client.GetAsync("/api/apps/no-such-app/export");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
