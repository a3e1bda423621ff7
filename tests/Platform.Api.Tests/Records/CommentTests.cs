using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime.Security;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>
/// Comments on records through HTTP: the rep of <see cref="RepPolicy"/> sees only their own deals and
/// no accounts' writes; someone with no access to the model ("guest") sees nothing.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class CommentTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!, _rep = null!, _guest = null!;
    private const string App = "crm-comments";
    private string _adminDeal = "", _repDeal = "", _account = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, services: s => s.AddSingleton<IAccessPolicy, RepPolicy>());
        _admin = await _factory.SignedInClientAsync();
        await ImportAsync(_admin, App);
        var users = _factory.Services.GetRequiredService<UserStore>();
        await users.CreateAsync("rep", "Rep", "rep-password-1", isAdmin: false);
        await users.CreateAsync("guest", "Guest", "guest-password-1", isAdmin: false);
        _rep = await _factory.SignedInClientAsync("rep", "rep-password-1");
        _guest = await _factory.SignedInClientAsync("guest", "guest-password-1");
        _account = (await CreateAsync(_admin, App, "account", new { name = "宁德" }))["id"]!.GetValue<string>();
        _adminDeal = (await CreateAsync(_admin, App, "deal", new { title = "admin" }))["id"]!.GetValue<string>();
        _repDeal = (await CreateAsync(_rep, App, "deal", new { title = "mine" }))["id"]!.GetValue<string>();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private static string Comments(string model, string id) => $"/api/apps/{App}/models/{model}/records/{id}/comments";

    private async Task<JsonObject> UploadAsync(HttpClient client, string name, string text)
    {
        using var form = new MultipartFormDataContent();
        var bytes = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(bytes, "file", name);
        var upload = await client.PostAsync("/api/files", form);
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (JsonObject)JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
    }

    [Test]
    public async Task Comments_are_added_with_attachments_and_listed_oldest_first_with_their_author()
    {
        var file = await UploadAsync(_rep, "报价.txt", "报价单");
        var (status, first) = await SendAsync(_rep, HttpMethod.Post, Comments("deal", _repDeal), new { text = "  客户要求下周报价  " });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), first?.ToJsonString());
        (status, var second) = await SendAsync(_admin, HttpMethod.Post, Comments("deal", _repDeal),
            new JsonObject { ["text"] = "见附件", ["files"] = new JsonArray(file["id"]!.GetValue<string>()) });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), second?.ToJsonString());
        Assert.That(second!["files"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("报价.txt"), "the file is described from the file store");

        (status, var list) = await SendAsync(_rep, HttpMethod.Get, Comments("deal", _repDeal));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var items = list!["items"]!.AsArray();
        Assert.That(items.Select(i => i!["text"]!.GetValue<string>()), Is.EqualTo(new[] { "客户要求下周报价", "见附件" }));
        Assert.That(items.Select(i => i!["by"]!["userName"]!.GetValue<string>()), Is.EqualTo(new[] { "rep", PlatformFactory.AdminUser }));
        Assert.That(items[1]!["files"]![0]!["size"]!.GetValue<long>(), Is.EqualTo(9));
        var download = await _rep.GetAsync($"/api/files/{items[1]!["files"]![0]!["id"]}");
        Assert.That(await download.Content.ReadAsStringAsync(), Is.EqualTo("报价单"));

        (status, var other) = await SendAsync(_admin, HttpMethod.Get, Comments("deal", _adminDeal));
        Assert.That(other!["items"]!.AsArray(), Is.Empty, "comments belong to their own record");
    }

    [Test]
    public async Task Whoever_may_read_the_record_may_comment_even_without_update_permission()
    {
        // The rep may only read accounts.
        var (status, added) = await SendAsync(_rep, HttpMethod.Post, Comments("account", _account), new { text = "已拜访" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), added?.ToJsonString());
        (_, var list) = await SendAsync(_admin, HttpMethod.Get, Comments("account", _account));
        Assert.That(list!["items"]!.AsArray().Select(i => i!["text"]!.GetValue<string>()), Does.Contain("已拜访"));
    }

    [Test]
    public async Task Someone_who_cannot_read_the_record_gets_404_and_adds_nothing()
    {
        await SendAsync(_admin, HttpMethod.Post, Comments("deal", _adminDeal), new { text = "内部" });
        // Outside the rep's row scope.
        var (status, _) = await SendAsync(_rep, HttpMethod.Get, Comments("deal", _adminDeal));
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        (status, _) = await SendAsync(_rep, HttpMethod.Post, Comments("deal", _adminDeal), new { text = "偷看" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        // No read permission on the model at all.
        (status, _) = await SendAsync(_guest, HttpMethod.Get, Comments("deal", _adminDeal));
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        (status, _) = await SendAsync(_guest, HttpMethod.Post, Comments("deal", _adminDeal), new { text = "偷看" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        // A record that does not exist.
        (status, _) = await SendAsync(_admin, HttpMethod.Get, Comments("deal", "no-such-id"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));

        var (_, list) = await SendAsync(_admin, HttpMethod.Get, Comments("deal", _adminDeal));
        Assert.That(list!["items"]!.AsArray().Select(i => i!["text"]!.GetValue<string>()), Is.EqualTo(new[] { "内部" }));
    }

    [Test]
    public async Task Empty_comments_unknown_files_and_unknown_properties_are_refused_with_nothing_saved()
    {
        var url = Comments("deal", _repDeal);
        var (_, before) = await SendAsync(_rep, HttpMethod.Get, url);
        var (status, problem) = await SendAsync(_rep, HttpMethod.Post, url, new { text = "   " });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).ContainsKey("text"), Is.True);
        (status, problem) = await SendAsync(_rep, HttpMethod.Post, url, new JsonObject { ["text"] = "x", ["files"] = new JsonArray("nope") });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["files"]![0]!.GetValue<string>(), Does.Contain("nope"));
        (status, problem) = await SendAsync(_rep, HttpMethod.Post, url, new { text = "x", pinned = true });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).ContainsKey("pinned"), Is.True);
        (status, problem) = await SendAsync(_rep, HttpMethod.Post, url, new { text = new string('长', 10_001) });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        var (_, after) = await SendAsync(_rep, HttpMethod.Get, url);
        Assert.That(after!["items"]!.AsArray().Count, Is.EqualTo(before!["items"]!.AsArray().Count));
    }
}
