namespace Platform.Runtime.Workflows.Scheduling;

/// <summary>
/// Deadlines that skip days off: whole days ("2d") are working days of the calendar; hours and minutes
/// ("8h", "30m") count only time on working days (a weekend or holiday in between does not use up the SLA).
/// </summary>
public static class WorkingTime
{
    public static DateTimeOffset Due(IWorkingCalendar calendar, DateTimeOffset from, string duration)
    {
        if (Duration.WholeDays(duration) is { } days) return calendar.AddWorkingDays(from, days);
        if (!Duration.TryParse(duration, out var remaining) || remaining <= TimeSpan.Zero)
            throw new FormatException($"'{duration}' is not a duration such as \"8h\", \"30m\" or \"2d\".");
        var at = from;
        for (var guard = 0; remaining > TimeSpan.Zero && guard < 3660; guard++)
        {
            var nextMidnight = new DateTimeOffset(at.Date.AddDays(1), at.Offset);
            if (!calendar.IsWorkingDay(DateOnly.FromDateTime(at.Date))) { at = nextMidnight; continue; }
            var take = remaining < nextMidnight - at ? remaining : nextMidnight - at;
            at += take;
            remaining -= take;
        }
        return at;
    }
}
