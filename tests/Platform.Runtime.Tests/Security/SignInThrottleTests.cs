using Platform.Runtime.Security;

namespace Platform.Runtime.Tests.Security;

public class SignInThrottleTests
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Test]
    public void Five_failures_of_one_user_block_that_user_until_the_first_leaves_the_window()
    {
        var throttle = new SignInThrottle(5, 20, TimeSpan.FromMinutes(1), _clock);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(throttle.RetryAfter("Wang.Fang", "10.0.0.1"), Is.Null, $"attempt {i + 1}");
            throttle.RecordFailure("Wang.Fang", "10.0.0.1");
            _clock.Advance(TimeSpan.FromSeconds(5));
        }
        // The user name counts case-insensitively; another user from the same address is still allowed.
        Assert.That(throttle.RetryAfter("wang.fang", "10.0.0.2"), Is.EqualTo(TimeSpan.FromSeconds(35)));
        Assert.That(throttle.RetryAfter("li.lei", "10.0.0.1"), Is.Null);
        _clock.Advance(TimeSpan.FromSeconds(35));
        Assert.That(throttle.RetryAfter("wang.fang", "10.0.0.1"), Is.Null);
    }

    [Test]
    public void Failures_from_one_address_across_user_names_block_that_address()
    {
        var throttle = new SignInThrottle(5, 8, TimeSpan.FromMinutes(1), _clock);
        for (var i = 0; i < 8; i++) throttle.RecordFailure($"user{i}", "10.0.0.9");
        Assert.That(throttle.RetryAfter("someone-new", "10.0.0.9"), Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(throttle.RetryAfter("someone-new", "10.0.0.10"), Is.Null);
    }

    [Test]
    public void A_successful_sign_in_clears_the_users_failures()
    {
        var throttle = new SignInThrottle(5, 20, TimeSpan.FromMinutes(1), _clock);
        for (var i = 0; i < 4; i++) throttle.RecordFailure("wang.fang", "10.0.0.1");
        throttle.RecordSuccess("wang.fang");
        throttle.RecordFailure("wang.fang", "10.0.0.1");
        Assert.That(throttle.RetryAfter("wang.fang", "10.0.0.1"), Is.Null);
    }
}
