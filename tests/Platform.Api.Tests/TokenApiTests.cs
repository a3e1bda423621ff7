using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime.Data;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class TokenApiTests(string provider)
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

    private static async Task<(string Id, string Secret)> CreateToken(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/auth/tokens", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.JsonAsync();
        return (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    [Test]
    public async Task A_token_is_shown_once_stored_hashed_and_acts_as_its_user()
    {
        await _admin.CreateUserAsync("erp.sync", null, "perm-test/rep");
        var user = await _factory.SignedInClientAsync("erp.sync", IdentityRequests.Password);
        var (id, secret) = await CreateToken(user, "ERP 同步");

        var listed = (await user.GetFromJsonAsync<JsonElement[]>("/api/auth/tokens"))!;
        Assert.That(listed.Single().GetProperty("name").GetString(), Is.EqualTo("ERP 同步"));
        Assert.That(listed.Single().ToString(), Does.Not.Contain(secret));
        await using (var c = await _factory.Services.GetRequiredService<Database>().OpenAsync())
            Assert.That(await c.ExecuteScalarAsync<string>("SELECT token_hash FROM lc_api_tokens WHERE id = @id", new { id }), Does.Not.Contain(secret[3..]));

        var bearer = _factory.TokenClient(secret);
        var me = await bearer.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.That(me.GetProperty("userName").GetString(), Is.EqualTo("erp.sync"));
        var access = await bearer.GetFromJsonAsync<JsonElement>("/api/apps/perm-test/models/deal/access");
        Assert.That(access.GetProperty("rowFilter").GetProperty("value").GetString(), Is.EqualTo(me.GetProperty("id").GetString()));
        Assert.That((await bearer.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Bearer_requests_need_no_antiforgery_token_but_cannot_mint_tokens()
    {
        var (_, secret) = await CreateToken(_admin, "integration");
        var bearer = _factory.TokenClient(secret);
        var created = await bearer.PostAsJsonAsync("/api/departments", new { name = "经由令牌" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await bearer.PostAsJsonAsync("/api/auth/tokens", new { name = "child" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Revoked_unknown_and_disabled_users_tokens_get_401()
    {
        var id = await _admin.CreateUserAsync("bot.two");
        var user = await _factory.SignedInClientAsync("bot.two", IdentityRequests.Password);
        var (revokeId, revokeSecret) = await CreateToken(user, "to revoke");
        var (_, keepSecret) = await CreateToken(user, "to keep");

        Assert.That((await user.DeleteAsync($"/api/auth/tokens/{revokeId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await _factory.TokenClient(revokeSecret).GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _factory.TokenClient("lc_made-up-token").GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _factory.TokenClient(keepSecret).GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await _admin.PostAsync($"/api/users/{id}/disable", null);
        Assert.That((await _factory.TokenClient(keepSecret).GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await _admin.PostAsync($"/api/users/{id}/enable", null);
        Assert.That((await _factory.TokenClient(keepSecret).GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Users_cannot_revoke_each_others_tokens_and_bad_input_is_refused()
    {
        await _admin.CreateUserAsync("bot.three");
        var user = await _factory.SignedInClientAsync("bot.three", IdentityRequests.Password);
        var (adminTokenId, adminSecret) = await CreateToken(_admin, "admin's");
        Assert.That((await user.DeleteAsync($"/api/auth/tokens/{adminTokenId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _factory.TokenClient(adminSecret).GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var bad = await user.PostAsJsonAsync("/api/auth/tokens", new { name = "", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("name", out _) && errors.TryGetProperty("expiresAt", out _), Is.True);
        Assert.That((await user.GetFromJsonAsync<JsonElement[]>("/api/auth/tokens"))!, Is.Empty);
        Assert.That((await _factory.CreateClient().PostAsJsonAsync("/api/auth/tokens", new { name = "anonymous" })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
