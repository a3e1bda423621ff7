using System.Net;
using System.Net.Http.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class SignInRateLimitTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // Test clients share one client address; a limit of 8 per address is reachable in one test.
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_SIGNIN_MAX_FAILURES_PER_ADDRESS"] = "8" });
        _admin = await _factory.SignedInClientAsync();
        await _admin.CreateUserAsync("target.user");
        await _admin.CreateUserAsync("other.user");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private Task<HttpResponseMessage> SignIn(string userName, string password) =>
        _factory.CreateClient().PostAsJsonAsync("/api/auth/sign-in", new { userName, password });

    [Test]
    public async Task Five_failures_block_the_user_name_then_the_address_with_429_and_retry_after()
    {
        for (var i = 0; i < 5; i++)
            Assert.That((await SignIn("target.user", "wrong-password")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {i + 1}");

        // Blocked even with the right password; the answer says when to retry.
        var blocked = await SignIn("target.user", IdentityRequests.Password);
        Assert.That((int)blocked.StatusCode, Is.EqualTo(429));
        var retryAfter = int.Parse(blocked.Headers.GetValues("Retry-After").Single());
        Assert.That(retryAfter, Is.InRange(1, 60));
        Assert.That(blocked.Headers.Contains("Set-Cookie"), Is.False);

        // Another user from the same address may still sign in...
        Assert.That((await SignIn("other.user", IdentityRequests.Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // ...until the address has 8 failures in the window.
        for (var i = 0; i < 3; i++)
            Assert.That((await SignIn($"guess{i}", "wrong-password")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((int)(await SignIn("other.user", IdentityRequests.Password)).StatusCode, Is.EqualTo(429));
    }
}
