using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RoleDefinitionApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/import", PermissionTestApp.Package())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/perm-test/copy", new { key = "perm-copy", name = "权限副本" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task A_copy_changes_a_role_and_its_members_feel_it_while_the_original_stays()
    {
        await _admin.CreateUserAsync("copy.rep", null, "perm-copy/rep", "perm-test/rep");
        var user = await _factory.SignedInClientAsync("copy.rep", IdentityRequests.Password);
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-copy/models/deal/access")).GetProperty("fields").GetProperty("cost_price").GetString(), Is.EqualTo("hidden"));

        var changed = await _admin.PutAsJsonAsync("/api/apps/perm-copy/roles/rep", new
        {
            name = "销售代表（华东）",
            permissions = new { deal = new { actions = new[] { "read" }, rowScope = "all", fields = new { rebate_rate = "hidden" } } },
        });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());

        var copy = await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-copy/models/deal/access");
        Assert.That(copy.GetProperty("rowFilter").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(copy.GetProperty("fields").TryGetProperty("cost_price", out _), Is.False);
        Assert.That(copy.GetProperty("fields").GetProperty("rebate_rate").GetString(), Is.EqualTo("hidden"));
        var original = await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/deal/access");
        Assert.That(original.GetProperty("fields").GetProperty("cost_price").GetString(), Is.EqualTo("hidden"));
        Assert.That(original.GetProperty("rowFilter").GetProperty("field").GetString(), Is.EqualTo("owner"));
    }

    [Test]
    public async Task An_invalid_role_change_is_refused_and_the_package_stays_as_it_was()
    {
        var before = (await _admin.GetFromJsonAsync<JsonElement>("/api/apps/perm-copy/export")).GetProperty("roles").ToString();
        var bad = await _admin.PutAsJsonAsync("/api/apps/perm-copy/roles/lead", new
        {
            name = "主管", permissions = new { deal = new { actions = new[] { "read", "teleport" }, rowScope = "custom" } },
        });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("permissions.deal.actions", out _) && errors.TryGetProperty("permissions.deal.filter", out _), Is.True, errors.ToString());
        var wrongKey = await _admin.PutAsJsonAsync("/api/apps/perm-copy/roles/lead", new { key = "other", name = "x" });
        Assert.That(wrongKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.GetFromJsonAsync<JsonElement>("/api/apps/perm-copy/export")).GetProperty("roles").ToString(), Is.EqualTo(before));
    }

    [Test]
    public async Task Deleting_a_role_removes_its_memberships()
    {
        Assert.That((await _admin.PutAsJsonAsync("/api/apps/perm-copy/roles/temp", new { name = "临时", permissions = new { note = new { actions = new[] { "read" }, rowScope = "all" } } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var id = await _admin.CreateUserAsync("temp.user", null, "perm-copy/temp");
        var user = await _factory.SignedInClientAsync("temp.user", IdentityRequests.Password);
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-copy/models/note/access")).GetProperty("actions").GetArrayLength(), Is.EqualTo(1));

        Assert.That((await _admin.DeleteAsync("/api/apps/perm-copy/roles/temp")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-copy/models/note/access")).GetProperty("actions").GetArrayLength(), Is.EqualTo(0));
        Assert.That((await _admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}")).GetProperty("roles").GetArrayLength(), Is.EqualTo(0));
        Assert.That((await _admin.DeleteAsync("/api/apps/perm-copy/roles/temp")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
