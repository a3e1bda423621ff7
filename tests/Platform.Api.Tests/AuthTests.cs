using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Api.Tests;

public class AuthTests
{
    private PlatformFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new PlatformFactory();

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task Wrong_password_is_401_and_sets_no_cookie()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "not-the-password" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Missing_fields_are_named_in_a_problem_details()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/auth/sign-in", new { userName = "" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty("userName", out _), Is.True);
        Assert.That(problem.GetProperty("errors").TryGetProperty("password", out _), Is.True);
    }

    [Test]
    public async Task Signed_in_user_sees_themselves_and_loses_access_after_sign_out()
    {
        var client = await _factory.SignedInClientAsync();
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.That(me.GetProperty("userName").GetString(), Is.EqualTo("admin"));
        Assert.That(me.GetProperty("isAdmin").GetBoolean(), Is.True);

        await client.PostAsync("/api/auth/sign-out", null);
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Api_routes_need_a_signed_in_user()
    {
        var anonymous = _factory.CreateClient();
        Assert.That((await anonymous.GetAsync("/api/apps")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await anonymous.GetAsync("/api/no-such-route")).StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.Unauthorized));
    }
}
