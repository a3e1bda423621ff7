using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class DepartmentApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<string[]> Below(HttpClient client, string id) => (await client.GetFromJsonAsync<string[]>($"/api/departments/{id}/below"))!;

    [Test]
    public async Task A_tree_is_built_renamed_given_a_head_and_moved_with_its_subtree()
    {
        var hq = await _admin.CreateDepartmentAsync("总部");
        var east = await _admin.CreateDepartmentAsync("华东", hq);
        var shanghai = await _admin.CreateDepartmentAsync("上海", east);
        var west = await _admin.CreateDepartmentAsync("华西", hq);
        Assert.That(await Below(_admin, east), Is.EquivalentTo(new[] { east, shanghai }));

        var head = await _admin.CreateUserAsync("chen.zong", east);
        var renamed = await _admin.PutAsJsonAsync($"/api/departments/{east}", new { name = "华东大区", headUserId = head });
        var body = await renamed.JsonAsync();
        Assert.That(body.GetProperty("name").GetString(), Is.EqualTo("华东大区"));
        Assert.That(body.GetProperty("headUserId").GetString(), Is.EqualTo(head));

        var moved = await _admin.PostAsJsonAsync($"/api/departments/{shanghai}/move", new { parentId = west });
        Assert.That((await moved.JsonAsync()).GetProperty("parentId").GetString(), Is.EqualTo(west));
        Assert.That(await Below(_admin, west), Is.EquivalentTo(new[] { west, shanghai }));
        Assert.That(await Below(_admin, east), Is.EqualTo(new[] { east }));

        var list = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/departments"))!;
        Assert.That(list.Single(d => d.GetProperty("id").GetString() == shanghai).GetProperty("depth").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Cycles_unknown_parents_and_duplicate_names_are_refused()
    {
        var top = await _admin.CreateDepartmentAsync("研发");
        var child = await _admin.CreateDepartmentAsync("平台组", top);
        var cycle = await _admin.PostAsJsonAsync($"/api/departments/{top}/move", new { parentId = child });
        Assert.That(cycle.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await cycle.JsonAsync()).GetProperty("errors").TryGetProperty("parentId", out _), Is.True);
        Assert.That((await _admin.PostAsJsonAsync("/api/departments", new { name = "平台组", parentId = top })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.PostAsJsonAsync("/api/departments", new { name = "X", parentId = "nope" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.PostAsJsonAsync("/api/departments/nope/move", new { parentId = top })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Below(_admin, top), Is.EquivalentTo(new[] { top, child }));
    }

    [Test]
    public async Task Everyone_reads_the_tree_but_only_administrators_change_it()
    {
        var dept = await _admin.CreateDepartmentAsync("市场");
        await _admin.CreateUserAsync("ma.li", dept);
        var user = await _factory.SignedInClientAsync("ma.li", IdentityRequests.Password);
        Assert.That((await user.GetAsync("/api/departments")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await user.PostAsJsonAsync("/api/departments", new { name = "偷建" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.PutAsJsonAsync($"/api/departments/{dept}", new { name = "改名" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _admin.GetFromJsonAsync<JsonElement>($"/api/departments/{dept}")).GetProperty("name").GetString(), Is.EqualTo("市场"));
    }
}
