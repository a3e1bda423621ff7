using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RoleApiTests(string provider)
{
    private const string Deal = "/api/apps/perm-test/models/deal/access";
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private string _east = null!, _east1 = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/import", PermissionTestApp.Package())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        _east = await _admin.CreateDepartmentAsync("华东");
        _east1 = await _admin.CreateDepartmentAsync("华东一组", _east);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task Role_definitions_come_from_the_app_package()
    {
        var roles = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/apps/perm-test/roles"))!;
        Assert.That(roles.Select(r => r.GetProperty("key").GetString()), Does.Contain("channel").And.Contain("finance"));
        Assert.That((await _admin.GetAsync("/api/apps/no-such-app/roles")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Granting_and_revoking_a_role_changes_access_on_the_next_request()
    {
        var id = await _admin.CreateUserAsync("lead.one", _east);
        var user = await _factory.SignedInClientAsync("lead.one", IdentityRequests.Password);
        var none = await user.GetFromJsonAsync<JsonElement>(Deal);
        Assert.That(none.GetProperty("actions").GetArrayLength(), Is.EqualTo(0));

        Assert.That((await _admin.PostAsJsonAsync("/api/apps/perm-test/roles/lead/members", new { userId = id })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var granted = await user.GetFromJsonAsync<JsonElement>(Deal);
        Assert.That(granted.GetProperty("actions").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "export", "read" }));
        Assert.That(granted.GetProperty("rowFilter").GetProperty("value").EnumerateArray().Select(v => v.GetString()), Is.EquivalentTo(new[] { _east, _east1 }));
        Assert.That(granted.GetProperty("fields").GetProperty("cost_price").GetString(), Is.EqualTo("hidden"));

        var members = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/apps/perm-test/roles/lead/members"))!;
        Assert.That(members.Select(m => m.GetProperty("userName").GetString()), Does.Contain("lead.one"));

        Assert.That((await _admin.DeleteAsync($"/api/apps/perm-test/roles/lead/members/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await user.GetFromJsonAsync<JsonElement>(Deal)).GetProperty("actions").GetArrayLength(), Is.EqualTo(0));
        Assert.That((await _admin.DeleteAsync($"/api/apps/perm-test/roles/lead/members/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Channel_staff_see_rebate_rate_but_not_cost_price_and_their_custom_scope_is_resolved()
    {
        var id = await _admin.CreateUserAsync("channel.one", _east, "perm-test/channel");
        var user = await _factory.SignedInClientAsync("channel.one", IdentityRequests.Password);
        var access = await user.GetFromJsonAsync<JsonElement>(Deal);
        Assert.That(access.GetProperty("fields").GetProperty("cost_price").GetString(), Is.EqualTo("hidden"));
        Assert.That(access.GetProperty("fields").GetProperty("rebate_rate").GetString(), Is.EqualTo("readOnly"));
        var filter = access.GetProperty("rowFilter").ToString();
        Assert.That(filter, Does.Not.Contain("$current").And.Contain(id).And.Contain(_east1));
    }

    [Test]
    public async Task Administrators_may_inspect_another_users_access_and_others_may_not()
    {
        var rep = await _admin.CreateUserAsync("rep.one", _east1, "perm-test/rep");
        var seen = await _admin.GetFromJsonAsync<JsonElement>($"{Deal}?userId={rep}");
        Assert.That(seen.GetProperty("rowFilter").GetProperty("value").GetString(), Is.EqualTo(rep));
        Assert.That(seen.GetProperty("rowFilters").GetProperty("update").GetProperty("field").GetString(), Is.EqualTo("owner"));
        var adminOwn = await _admin.GetFromJsonAsync<JsonElement>(Deal);
        Assert.That(adminOwn.GetProperty("actions").GetArrayLength(), Is.EqualTo(6));

        var user = await _factory.SignedInClientAsync("rep.one", IdentityRequests.Password);
        var me = await user.GetFromJsonAsync<JsonElement>("/api/me");
        var adminId = (await _admin.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString();
        Assert.That((await user.GetAsync($"{Deal}?userId={adminId}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.GetAsync("/api/apps/perm-test/roles")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.PostAsJsonAsync("/api/apps/perm-test/roles/director/members", new { userId = me.GetProperty("id").GetString() })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("roles").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Granting_an_undefined_role_or_to_an_unknown_user_is_refused()
    {
        var id = await _admin.CreateUserAsync("nobody.special");
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/perm-test/roles/ghost/members", new { userId = id })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/no-app/roles/rep/members", new { userId = id })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var unknownUser = await _admin.PostAsJsonAsync("/api/apps/perm-test/roles/rep/members", new { userId = "no-such-user" });
        Assert.That(unknownUser.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await unknownUser.JsonAsync()).GetProperty("errors").TryGetProperty("userId", out _), Is.True);
        Assert.That((await _admin.GetFromJsonAsync<JsonElement[]>("/api/apps/perm-test/roles/rep/members"))!.Select(m => m.GetProperty("userId").GetString()), Does.Not.Contain("no-such-user"));
    }

    [Test]
    public async Task A_package_with_invalid_roles_is_refused_with_the_path_of_each_mistake()
    {
        var package = PermissionTestApp.Package("perm-bad");
        package["roles"]![0]!["permissions"]!["deal"]!["rowScope"] = "everyone";
        package["roles"]![1]!["permissions"]!["deal"]!["fields"]!["no_field"] = "hidden";
        var response = await _admin.PostAsJsonAsync("/api/apps/import", package);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("roles[0].permissions.deal.rowScope", out _), Is.True);
        Assert.That(errors.TryGetProperty("roles[1].permissions.deal.fields.no_field", out _), Is.True);
        Assert.That((await _admin.GetAsync("/api/apps/perm-bad/export")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_model_the_app_does_not_define_gives_a_user_nothing()
    {
        await _admin.CreateUserAsync("director.one", _east, "perm-test/director");
        var user = await _factory.SignedInClientAsync("director.one", IdentityRequests.Password);
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/no_model/access")).GetProperty("actions").GetArrayLength(), Is.EqualTo(0));
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/note/access")).GetProperty("actions").GetArrayLength(), Is.EqualTo(1));
    }
}
