using Platform.Runtime.Expressions.Calendar;

namespace Platform.Runtime.Expressions;

/// <summary>
/// Limits and context for evaluation. The limits bound one evaluation; a script that reaches one
/// ends with an <see cref="ExpressionException"/> and nothing else is affected.
/// </summary>
public sealed record ExpressionSettings
{
    /// <summary>The zone dates are read and written in (IANA id); China's by default.</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);
    public int MaxStatements { get; init; } = 100_000;
    public long MaxMemoryBytes { get; init; } = 16_000_000;
    public int MaxRecursion { get; init; } = 64;
    /// <summary>Idle engines kept for reuse; more are created under load and dropped afterwards.</summary>
    public int MaxPooledEngines { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);
    /// <summary>Distinct expressions kept prepared; beyond this the cache starts over.</summary>
    public int MaxPreparedExpressions { get; init; } = 2_000;
    public WorkCalendar Calendar { get; init; } = WorkCalendar.China;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
