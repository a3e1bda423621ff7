using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class UserApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/import", PermissionTestApp.Package())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task An_admin_creates_a_user_who_signs_in_and_sees_their_department_and_roles()
    {
        var east = await _admin.CreateDepartmentAsync("华东-" + provider);
        var id = await _admin.CreateUserAsync("wang.fang", east, "perm-test/rep");
        var user = await _factory.SignedInClientAsync("wang.fang", IdentityRequests.Password);
        var me = await user.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.That(me.GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(me.GetProperty("isAdmin").GetBoolean(), Is.False);
        Assert.That(me.GetProperty("departments")[0].GetProperty("name").GetString(), Is.EqualTo("华东-" + provider));
        Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "perm-test/rep" }));

        var listed = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/users"))!.Single(u => u.GetProperty("userName").GetString() == "wang.fang");
        Assert.That(listed.GetProperty("departmentId").GetString(), Is.EqualTo(east));
        Assert.That(listed.TryGetProperty("passwordHash", out _) || listed.ToString().Contains("password"), Is.False);
    }

    [Test]
    public async Task Bad_users_are_refused_with_field_errors_and_nothing_is_created()
    {
        var before = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/users"))!.Length;
        await _admin.CreateUserAsync("li.lei");
        var duplicate = await _admin.PostAsJsonAsync("/api/users", new { userName = "li.lei", password = "another-password" });
        Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await duplicate.JsonAsync()).GetProperty("errors").GetProperty("userName")[0].GetString(), Does.Contain("taken"));

        var bad = await _admin.PostAsJsonAsync("/api/users", new { userName = "", password = "short", departmentId = "no-such-department" });
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("userName", out _) && errors.TryGetProperty("password", out _), Is.True);

        var badRole = await _admin.PostAsJsonAsync("/api/users", new { userName = "zhao.lei", password = "long-enough-1", roles = new[] { "perm-test/ghost", "nonsense" } });
        Assert.That(badRole.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await badRole.JsonAsync()).GetProperty("errors").GetProperty("roles").GetArrayLength(), Is.EqualTo(2));

        var badDepartment = await _admin.PostAsJsonAsync("/api/users", new { userName = "zhao.lei", password = "long-enough-1", departmentId = "no-such-department" });
        Assert.That((await badDepartment.JsonAsync()).GetProperty("errors").TryGetProperty("departmentId", out _), Is.True);
        Assert.That((await _admin.GetFromJsonAsync<JsonElement[]>("/api/users"))!.Length, Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Disabling_a_user_ends_their_session_on_the_next_request_and_enabling_lets_them_back()
    {
        var id = await _admin.CreateUserAsync("sun.li");
        var user = await _factory.SignedInClientAsync("sun.li", IdentityRequests.Password);
        Assert.That((await user.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var disabled = await _admin.PostAsync($"/api/users/{id}/disable", null);
        Assert.That((await disabled.JsonAsync()).GetProperty("disabled").GetBoolean(), Is.True);
        Assert.That((await user.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var again = await _factory.CreateClient().PostAsJsonAsync("/api/auth/sign-in", new { userName = "sun.li", password = IdentityRequests.Password });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        await _admin.PostAsync($"/api/users/{id}/enable", null);
        var back = await _factory.SignedInClientAsync("sun.li", IdentityRequests.Password);
        Assert.That((await back.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Moving_a_user_to_another_department_counts_on_their_next_request()
    {
        var east = await _admin.CreateDepartmentAsync("东区-" + provider);
        var west = await _admin.CreateDepartmentAsync("西区-" + provider);
        var id = await _admin.CreateUserAsync("zhou.qi", east, "perm-test/deptonly");
        var user = await _factory.SignedInClientAsync("zhou.qi", IdentityRequests.Password);
        var before = await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/deal/access");
        Assert.That(before.GetProperty("rowFilter").GetProperty("value").GetString(), Is.EqualTo(east));

        var moved = await _admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "周七", departmentId = west });
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/deal/access");
        Assert.That(after.GetProperty("rowFilter").GetProperty("value").GetString(), Is.EqualTo(west));
        // Roles were not named in the update, so they stay.
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("roles")[0].GetString(), Is.EqualTo("perm-test/deptonly"));
    }

    [Test]
    public async Task Roles_set_on_update_replace_the_old_ones_and_take_effect_at_once()
    {
        var id = await _admin.CreateUserAsync("qian.ba", null, "perm-test/rep");
        var user = await _factory.SignedInClientAsync("qian.ba", IdentityRequests.Password);
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/deal/access")).GetProperty("rowFilter").GetProperty("field").GetString(), Is.EqualTo("owner"));

        var updated = await _admin.PutAsJsonAsync($"/api/users/{id}", new { roles = new[] { "perm-test/director" } });
        Assert.That((await updated.JsonAsync()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "perm-test/director" }));
        var access = await user.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/deal/access");
        Assert.That(access.GetProperty("rowFilter").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(access.GetProperty("actions").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "export", "read" }));

        await _admin.PutAsJsonAsync($"/api/users/{id}", new { roles = new[] { "admin" } });
        Assert.That((await user.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("isAdmin").GetBoolean(), Is.True);
        Assert.That((await user.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Resetting_a_password_replaces_the_old_one()
    {
        var id = await _admin.CreateUserAsync("wu.jiu");
        Assert.That((await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = "short" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = "brand-new-password" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var anonymous = _factory.CreateClient();
        Assert.That((await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "wu.jiu", password = IdentityRequests.Password })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "wu.jiu", password = "brand-new-password" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Only_administrators_manage_users_and_admins_cannot_lock_themselves_out()
    {
        await _admin.CreateUserAsync("zheng.shi");
        var user = await _factory.SignedInClientAsync("zheng.shi", IdentityRequests.Password);
        Assert.That((await user.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.PostAsJsonAsync("/api/users", new { userName = "x.y", password = "password-123" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var me = await _admin.GetFromJsonAsync<JsonElement>("/api/me");
        var adminId = me.GetProperty("id").GetString();
        Assert.That((await _admin.PostAsync($"/api/users/{adminId}/disable", null)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.PutAsJsonAsync($"/api/users/{adminId}", new { displayName = "Administrator", roles = Array.Empty<string>() })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.GetAsync("/api/users/no-such-user")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Every_signed_in_user_sees_the_directory_of_enabled_users_without_admin_details()
    {
        var gone = await _admin.CreateUserAsync("gone.user");
        await _admin.PostAsync($"/api/users/{gone}/disable", null);
        await _admin.CreateUserAsync("picker.user");
        var user = await _factory.SignedInClientAsync("picker.user", IdentityRequests.Password);
        var directory = (await user.GetFromJsonAsync<JsonElement[]>("/api/users/directory"))!;
        var names = directory.Select(u => u.GetProperty("userName").GetString()).ToList();
        Assert.That(names, Does.Contain("picker.user").And.Contain("admin").And.Not.Contain("gone.user"));
        Assert.That(directory[0].TryGetProperty("isAdmin", out _) || directory[0].TryGetProperty("email", out _), Is.False);
    }

    [Test]
    public async Task Users_change_their_own_password_only_with_the_current_one()
    {
        await _admin.CreateUserAsync("self.service");
        var user = await _factory.SignedInClientAsync("self.service", IdentityRequests.Password);
        var wrong = await user.PostAsJsonAsync("/api/me/password", new { currentPassword = "not-it-at-all", newPassword = "my-new-password" });
        Assert.That((await wrong.JsonAsync()).GetProperty("errors").TryGetProperty("currentPassword", out _), Is.True);
        var tooShort = await user.PostAsJsonAsync("/api/me/password", new { currentPassword = IdentityRequests.Password, newPassword = "short" });
        Assert.That((await tooShort.JsonAsync()).GetProperty("errors").TryGetProperty("password", out _), Is.True);
        Assert.That((await user.PostAsJsonAsync("/api/me/password", new { currentPassword = IdentityRequests.Password, newPassword = "my-new-password" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var anonymous = _factory.CreateClient();
        Assert.That((await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "self.service", password = "my-new-password" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "self.service", password = IdentityRequests.Password })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
