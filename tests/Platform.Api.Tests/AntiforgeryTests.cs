using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class AntiforgeryTests(string provider)
{
    private PlatformFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new PlatformFactory(provider);

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    /// <summary>A browser-like client: session cookie, but it does not send the header unless told to.</summary>
    private async Task<(HttpClient Client, string Token)> SessionWithoutHeader()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = PlatformFactory.AdminUser, password = PlatformFactory.AdminPassword });
        Assert.That(signIn.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("XSRF-TOKEN=")), Is.True);
        return (client, signIn.Headers.GetValues("X-XSRF-TOKEN").Single());
    }

    [Test]
    public async Task A_cookie_session_cannot_change_anything_without_the_token()
    {
        var (client, token) = await SessionWithoutHeader();
        var refused = await client.PostAsJsonAsync("/api/departments", new { name = "伪造" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.JsonAsync()).GetProperty("title").GetString(), Does.Contain("X-XSRF-TOKEN"));
        var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/departments") { Content = JsonContent.Create(new { name = "伪造" }) };
        wrong.Headers.Add("X-XSRF-TOKEN", token[..^4] + "AAAA");
        Assert.That((await client.SendAsync(wrong)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await client.GetFromJsonAsync<JsonElement[]>("/api/departments"))!.Any(d => d.GetProperty("name").GetString() == "伪造"), Is.False);

        var allowed = new HttpRequestMessage(HttpMethod.Post, "/api/departments") { Content = JsonContent.Create(new { name = "真实" }) };
        allowed.Headers.Add("X-XSRF-TOKEN", token);
        Assert.That((await client.SendAsync(allowed)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_session_cookie_altered_in_one_character_is_refused_right_after_the_real_one_was_accepted()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = PlatformFactory.AdminUser, password = PlatformFactory.AdminPassword });
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lowcode.session=")).Split(';')[0]["lowcode.session=".Length..];
        async Task<HttpStatusCode> MeWith(string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Add("Cookie", "lowcode.session=" + cookie);
            return (await client.SendAsync(request)).StatusCode;
        }
        Assert.That(await MeWith(session), Is.EqualTo(HttpStatusCode.OK));
        // Decrypted payloads are remembered by their exact bytes: a neighbour of a good cookie gets nothing from that.
        var middle = session.Length / 2;
        var altered = session[..middle] + (session[middle] == 'A' ? 'B' : 'A') + session[(middle + 1)..];
        Assert.That(await MeWith(altered), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MeWith(session[..^2]), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MeWith(session), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Get_me_hands_out_a_token_that_works_for_the_session()
    {
        var (client, _) = await SessionWithoutHeader();
        var me = await client.GetAsync("/api/me");
        var token = me.Headers.GetValues("X-XSRF-TOKEN").Single();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        request.Headers.Add("X-XSRF-TOKEN", token);
        Assert.That((await client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Another_sessions_token_is_refused()
    {
        var (first, _) = await SessionWithoutHeader();
        var (_, otherToken) = await SessionWithoutHeader();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        request.Headers.Add("X-XSRF-TOKEN", otherToken);
        Assert.That((await first.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await first.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
