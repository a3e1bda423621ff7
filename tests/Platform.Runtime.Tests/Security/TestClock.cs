namespace Platform.Runtime.Tests.Security;

/// <summary>A clock the test moves by hand, for windows and expiries measured in minutes.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}
