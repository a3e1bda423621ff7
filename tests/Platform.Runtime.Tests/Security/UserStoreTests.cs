using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Security;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class UserStoreTests(string provider)
{
    private Database _db = null!;
    private UserStore _users = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(_db);
        _users = new UserStore(_db);
    }

    [Test]
    public async Task Stores_only_a_hash_and_verifies_the_password()
    {
        await _users.CreateAsync("wang.fang", "王芳", "correct horse battery", isAdmin: false);

        await using var c = await _db.OpenAsync();
        var stored = await c.ExecuteScalarAsync<string>("SELECT password_hash FROM lc_users WHERE user_name = 'wang.fang'");
        Assert.That(stored, Does.Not.Contain("correct horse"));
        Assert.That((await _users.VerifyPasswordAsync("wang.fang", "correct horse battery"))?.DisplayName, Is.EqualTo("王芳"));
        Assert.That(await _users.VerifyPasswordAsync("wang.fang", "wrong password!"), Is.Null);
        Assert.That(await _users.VerifyPasswordAsync("nobody", "correct horse battery"), Is.Null);
    }

    [Test]
    public async Task First_start_creates_one_admin_with_a_generated_password_and_never_again()
    {
        var first = await AdminBootstrap.EnsureAsync(_users, null, null);
        Assert.That(first.Created, Is.True);
        Assert.That(first.GeneratedPassword, Has.Length.GreaterThanOrEqualTo(16));
        Assert.That((await _users.VerifyPasswordAsync("admin", first.GeneratedPassword!))?.IsAdmin, Is.True);

        var second = await AdminBootstrap.EnsureAsync(_users, null, null);
        Assert.That(second.Created, Is.False);
        Assert.That(await _users.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Generated_passwords_differ_between_installations()
    {
        var other = TestDatabases.Create("sqlite");
        await SystemSchema.EnsureAsync(other);
        var a = await AdminBootstrap.EnsureAsync(_users, null, null);
        var b = await AdminBootstrap.EnsureAsync(new UserStore(other), null, null);
        Assert.That(a.GeneratedPassword, Is.Not.EqualTo(b.GeneratedPassword));
    }

    [Test]
    public async Task Configured_admin_credentials_are_used()
    {
        var result = await AdminBootstrap.EnsureAsync(_users, "root", "s3cret-passw0rd");
        Assert.That(result.GeneratedPassword, Is.Null);
        Assert.That((await _users.VerifyPasswordAsync("root", "s3cret-passw0rd"))?.IsAdmin, Is.True);
    }

    [Test]
    public async Task Duplicate_user_names_are_refused()
    {
        await _users.CreateAsync("li.lei", null, "password-one", false);
        var refused = Assert.ThrowsAsync<ValidationFailedException>(async () => await _users.CreateAsync("li.lei", null, "password-two", false));
        Assert.That(refused!.Errors["userName"][0], Does.Contain("taken"));
        Assert.That(await _users.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_caller_of_a_user_carries_department_and_roles_and_a_disabled_user_has_none()
    {
        var departments = new DepartmentStore(_db);
        var east = await departments.CreateAsync("华东", null, null);
        var user = await _users.CreateAsync("he.yi", "password-123", new UserChanges("何一", "he@example.com", east.Id, false));
        await new RoleMembershipStore(_db).GrantAsync("sales-crm", "rep", user.Id, null);

        var caller = await _users.CallerAsync(user.Id);
        Assert.That(caller!.DepartmentId, Is.EqualTo(east.Id));
        Assert.That(caller.Roles, Is.EqualTo(new[] { "sales-crm/rep" }));
        Assert.That(caller.IsAdmin, Is.False);

        var west = await departments.CreateAsync("华西", null, null);
        await _users.UpdateAsync(user.Id, new UserChanges("何一", null, west.Id, true));
        caller = await _users.CallerAsync(user.Id);
        Assert.That(caller!.DepartmentId, Is.EqualTo(west.Id));
        Assert.That(caller.Roles, Is.EqualTo(new[] { "admin", "sales-crm/rep" }));

        await _users.SetDisabledAsync(user.Id, true);
        Assert.That(await _users.CallerAsync(user.Id), Is.Null);
        Assert.That(await _users.VerifyPasswordAsync("he.yi", "password-123"), Is.Null);
        Assert.That(await _users.CallerAsync("no-such-user"), Is.Null);
    }

    private sealed class RecordingListener(bool refuse) : IUserChangeListener
    {
        public List<UserChange> Changes { get; } = [];

        public Task OnUserChangedAsync(UserChange change, WriteScope scope, CancellationToken ct)
        {
            Changes.Add(change);
            return refuse ? throw new ValidationFailedException("refused", new Dictionary<string, string[]>()) : Task.CompletedTask;
        }
    }

    [Test]
    public async Task Listeners_hear_of_disabling_and_moving_inside_the_transaction_and_can_refuse()
    {
        var departments = new DepartmentStore(_db);
        var east = await departments.CreateAsync("华东", null, null);
        var listener = new RecordingListener(refuse: false);
        var users = new UserStore(_db, [listener]);
        var user = await users.CreateAsync("lu.xun", "password-123", new UserChanges("鲁迅", null, null, false));

        await users.UpdateAsync(user.Id, new UserChanges("鲁迅", null, east.Id, false));
        await users.SetDisabledAsync(user.Id, true);
        await users.SetDisabledAsync(user.Id, true);
        Assert.That(listener.Changes, Has.Count.EqualTo(2));
        Assert.That(listener.Changes[0].MovedDepartment && !listener.Changes[0].Disabled, Is.True);
        Assert.That(listener.Changes[1].Disabled, Is.True);

        var refusing = new UserStore(_db, [new RecordingListener(refuse: true)]);
        Assert.ThrowsAsync<ValidationFailedException>(async () => await refusing.SetDisabledAsync(user.Id, false));
        Assert.That((await _users.FindByIdAsync(user.Id))!.Disabled, Is.True);
    }
}
