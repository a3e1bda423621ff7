using Platform.Runtime.Security;

namespace Platform.Runtime.Tests.Security;

public class CallerCacheTests
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private static Caller In(string department) => new("u1", "li.lei", false, department, ["crm/rep"]);

    [Test]
    public async Task A_user_is_read_once_until_forgotten_or_too_old()
    {
        var cache = new CallerCache(_clock);
        var reads = 0;
        var department = "east";
        Task<Caller?> Load(string id, CancellationToken ct) { reads++; return Task.FromResult<Caller?>(In(department)); }

        Assert.That((await cache.GetAsync("u1", Load))!.DepartmentId, Is.EqualTo("east"));
        Assert.That((await cache.GetAsync("u1", Load))!.DepartmentId, Is.EqualTo("east"));
        Assert.That(reads, Is.EqualTo(1));

        department = "west";
        cache.Forget("u1");
        Assert.That((await cache.GetAsync("u1", Load))!.DepartmentId, Is.EqualTo("west"));
        Assert.That(reads, Is.EqualTo(2));

        // A change made through another node is seen once the entry is older than MaxAge.
        department = "north";
        _clock.Advance(CallerCache.MaxAge);
        Assert.That((await cache.GetAsync("u1", Load))!.DepartmentId, Is.EqualTo("north"));
    }

    [Test]
    public async Task A_read_that_started_before_a_change_is_not_kept()
    {
        var cache = new CallerCache(_clock);
        var department = "east";
        async Task<Caller?> StaleLoad(string id, CancellationToken ct)
        {
            var read = In(department);
            // The user is moved while this request still holds what it read.
            department = "west";
            cache.Forget("u1");
            await Task.Yield();
            return read;
        }
        Assert.That((await cache.GetAsync("u1", StaleLoad))!.DepartmentId, Is.EqualTo("east"));
        Assert.That((await cache.GetAsync("u1", (_, _) => Task.FromResult<Caller?>(In(department))))!.DepartmentId, Is.EqualTo("west"));
    }

    [Test]
    public async Task A_disabled_user_is_remembered_as_nobody_until_enabled()
    {
        var cache = new CallerCache(_clock);
        Caller? current = null;
        Assert.That(await cache.GetAsync("u1", (_, _) => Task.FromResult<Caller?>(current)), Is.Null);
        current = In("east");
        cache.Forget("u1");
        Assert.That(await cache.GetAsync("u1", (_, _) => Task.FromResult<Caller?>(current)), Is.Not.Null);
    }
}
