using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class AppVisibilityTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = "sales-crm" });
        _admin = await _factory.SignedInClientAsync();
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/import", PermissionTestApp.Package())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task Users_see_only_apps_in_which_they_hold_a_role_and_cannot_install_copy_or_export()
    {
        await _admin.CreateUserAsync("app.user", null, "perm-test/rep");
        var user = await _factory.SignedInClientAsync("app.user", IdentityRequests.Password);
        var visible = (await user.GetFromJsonAsync<JsonElement[]>("/api/apps"))!.Select(a => a.GetProperty("key").GetString());
        Assert.That(visible, Is.EqualTo(new[] { "perm-test" }));
        var all = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/apps"))!.Select(a => a.GetProperty("key").GetString());
        Assert.That(all, Is.SupersetOf(new[] { "perm-test", "sales-crm" }));

        Assert.That((await user.PostAsJsonAsync("/api/apps/import?from=sales-crm", new { key = "sneaky", name = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.PostAsJsonAsync("/api/apps/perm-test/copy", new { key = "sneaky", name = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.GetAsync("/api/apps/perm-test/export")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _admin.GetAsync("/api/apps/sneaky/export")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
