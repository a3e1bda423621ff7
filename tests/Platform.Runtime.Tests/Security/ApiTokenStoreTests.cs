using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Security;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class ApiTokenStoreTests(string provider)
{
    private Database _db = null!;
    private ApiTokenStore _tokens = null!;
    private TestClock _clock = null!;
    private User _user = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(_db);
        _clock = new TestClock(DateTimeOffset.UtcNow);
        _tokens = new ApiTokenStore(_db, _clock);
        _user = await new UserStore(_db).CreateAsync("erp.sync", null, "password-123", false);
    }

    [Test]
    public async Task Only_the_hash_is_stored_and_the_secret_finds_the_token()
    {
        var (token, secret) = await _tokens.CreateAsync(_user.Id, "ERP sync", null);
        Assert.That(secret, Does.StartWith("lc_").And.Length.GreaterThan(40));
        await using (var c = await _db.OpenAsync())
        {
            var stored = await c.ExecuteScalarAsync<string>("SELECT token_hash FROM lc_api_tokens WHERE id = @Id", new { token.Id });
            Assert.That(stored, Has.Length.EqualTo(64).And.Not.Contains(secret[3..]));
        }
        Assert.That((await _tokens.FindLiveAsync(secret))?.UserId, Is.EqualTo(_user.Id));
        Assert.That(await _tokens.FindLiveAsync(secret + "x"), Is.Null);
        Assert.That(await _tokens.FindLiveAsync("not-a-token"), Is.Null);
    }

    [Test]
    public async Task Expired_and_revoked_tokens_stop_working()
    {
        var (_, expiring) = await _tokens.CreateAsync(_user.Id, "one hour", _clock.Now.AddHours(1));
        var (revokedToken, revoked) = await _tokens.CreateAsync(_user.Id, "revoked", null);
        Assert.That(await _tokens.FindLiveAsync(expiring), Is.Not.Null);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await _tokens.FindLiveAsync(expiring), Is.Null);

        await _tokens.RevokeAsync(_user.Id, revokedToken.Id, anyUser: false);
        Assert.That(await _tokens.FindLiveAsync(revoked), Is.Null);
        var listed = await _tokens.ListAsync(_user.Id);
        Assert.That(listed.Single(t => t.Id == revokedToken.Id).RevokedAt, Is.Not.Null);
    }

    [Test]
    public async Task Bad_input_and_other_users_tokens_are_refused()
    {
        Assert.That(Assert.ThrowsAsync<ValidationFailedException>(async () => await _tokens.CreateAsync(_user.Id, "", null))!.Errors, Contains.Key("name"));
        Assert.That(Assert.ThrowsAsync<ValidationFailedException>(async () => await _tokens.CreateAsync(_user.Id, "x", _clock.Now.AddMinutes(-1)))!.Errors, Contains.Key("expiresAt"));
        var (token, secret) = await _tokens.CreateAsync(_user.Id, "mine", null);
        Assert.ThrowsAsync<NotFoundException>(async () => await _tokens.RevokeAsync("someone-else", token.Id, anyUser: false));
        Assert.That(await _tokens.FindLiveAsync(secret), Is.Not.Null);
        Assert.That(await _tokens.ListAsync(_user.Id), Has.Count.EqualTo(1));
    }
}
