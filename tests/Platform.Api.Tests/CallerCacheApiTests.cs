using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>
/// Callers and "department and below" lists are cached between requests (issue 3's create path);
/// every change to a user, their roles or the department tree must still count on the next request.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class CallerCacheApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private const string Deals = "/api/apps/perm-test/models/deal/records";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
        Assert.That((await _admin.PostAsJsonAsync("/api/apps/import", PermissionTestApp.Package())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<string> DealInAsync(string departmentId, string title)
    {
        var response = await _admin.PostAsJsonAsync(Deals, new { title, department = departmentId });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private static async Task<string[]> TitlesAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync(Deals + "/query", new { sort = new[] { new { field = "title" } } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToArray();
    }

    [Test]
    public async Task A_moved_users_next_list_shows_the_new_departments_rows()
    {
        var north = await _admin.CreateDepartmentAsync("北区-cache");
        var south = await _admin.CreateDepartmentAsync("南区-cache");
        await DealInAsync(north, "north deal");
        await DealInAsync(south, "south deal");
        var id = await _admin.CreateUserAsync("cache.lead", north, "perm-test/lead");
        var lead = await _factory.SignedInClientAsync("cache.lead", IdentityRequests.Password);
        Assert.That(await TitlesAsync(lead), Is.EqualTo(new[] { "north deal" }));

        Assert.That((await _admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "lead", departmentId = south })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TitlesAsync(lead), Is.EqualTo(new[] { "south deal" }));
    }

    [Test]
    public async Task A_department_added_below_shows_its_rows_to_department_and_below_on_the_next_request()
    {
        var top = await _admin.CreateDepartmentAsync("总部-cache");
        await DealInAsync(top, "top deal");
        await _admin.CreateUserAsync("cache.head", top, "perm-test/lead");
        var head = await _factory.SignedInClientAsync("cache.head", IdentityRequests.Password);
        Assert.That(await TitlesAsync(head), Is.EqualTo(new[] { "top deal" }));

        var branch = await _admin.CreateDepartmentAsync("分部-cache", top);
        await DealInAsync(branch, "branch deal");
        Assert.That(await TitlesAsync(head), Is.EqualTo(new[] { "branch deal", "top deal" }));
    }

    [Test]
    public async Task A_disabled_user_gets_401_on_the_next_records_request_by_session_and_by_token()
    {
        var department = await _admin.CreateDepartmentAsync("西区-cache");
        await DealInAsync(department, "west deal");
        var id = await _admin.CreateUserAsync("cache.off", department, "perm-test/lead");
        var user = await _factory.SignedInClientAsync("cache.off", IdentityRequests.Password);
        var created = await user.PostAsJsonAsync("/api/auth/tokens", new { name = "sync" });
        var token = _factory.TokenClient((await created.JsonAsync()).GetProperty("token").GetString()!);
        Assert.That(await TitlesAsync(user), Is.EqualTo(new[] { "west deal" }));
        Assert.That(await TitlesAsync(token), Is.EqualTo(new[] { "west deal" }));

        Assert.That((await _admin.PostAsync($"/api/users/{id}/disable", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await user.PostAsJsonAsync(Deals + "/query", new { })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await token.PostAsJsonAsync(Deals + "/query", new { })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        await _admin.PostAsync($"/api/users/{id}/enable", null);
        Assert.That(await TitlesAsync(token), Is.EqualTo(new[] { "west deal" }));
    }

    [Test]
    public async Task Granting_and_revoking_a_role_through_its_members_counts_on_the_next_request()
    {
        var id = await _admin.CreateUserAsync("cache.member");
        var user = await _factory.SignedInClientAsync("cache.member", IdentityRequests.Password);
        Assert.That((await user.PostAsJsonAsync(Deals + "/query", new { })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var granted = await _admin.PostAsJsonAsync("/api/apps/perm-test/roles/director/members", new { userId = id });
        Assert.That(granted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await granted.Content.ReadAsStringAsync());
        Assert.That((await user.PostAsJsonAsync(Deals + "/query", new { })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await _admin.DeleteAsync($"/api/apps/perm-test/roles/director/members/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await user.PostAsJsonAsync(Deals + "/query", new { })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Newest_first_pages_with_a_cursor_return_every_record_once_in_order()
    {
        var department = await _admin.CreateDepartmentAsync("翻页-cache");
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add(await DealInAsync(department, "page " + i));
        var filter = new { field = "department", op = "eq", value = department };
        var seen = new List<(string Id, string CreatedAt)>();
        string? after = null;
        do
        {
            object page = after is null ? new { size = 2 } : new { size = 2, after };
            var response = await _admin.PostAsJsonAsync(Deals + "/query", new { filter, sort = new[] { new { field = "createdAt", dir = "desc" } }, page });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var body = await response.JsonAsync();
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(x => (x.GetProperty("id").GetString()!, x.GetProperty("createdAt").GetString()!)));
            after = body.GetProperty("next").ValueKind == JsonValueKind.Null ? null : body.GetProperty("next").GetString();
        } while (after is not null);

        Assert.That(seen.Select(s => s.Id), Is.EquivalentTo(ids));
        Assert.That(seen, Is.EqualTo(seen.OrderByDescending(s => s.CreatedAt, StringComparer.Ordinal).ThenByDescending(s => s.Id, StringComparer.Ordinal).ToList()));
    }
}
