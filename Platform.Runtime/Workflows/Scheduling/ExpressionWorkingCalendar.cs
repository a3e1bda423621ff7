using Platform.Runtime.Expressions.Calendar;

namespace Platform.Runtime.Workflows.Scheduling;

/// <summary>
/// The working days of the expressions' calendar (China's official holidays and make-up working days
/// plus the administrator's edits, <see cref="WorkCalendarStore"/>), read fresh on every use so an
/// edit counts for the next delay or SLA. Days are the platform's time zone's days.
/// </summary>
public sealed class ExpressionWorkingCalendar(Func<WorkCalendar> current, TimeZoneInfo zone) : IWorkingCalendar
{
    public bool IsWorkingDay(DateOnly day) => current().IsWorkday(day);

    /// <summary>The same local time of day n working days later; a start on a day off counts from the next working day.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        var calendar = current();
        var local = TimeZoneInfo.ConvertTime(from, zone);
        var date = calendar.AddWorkdays(DateOnly.FromDateTime(local.DateTime), 0);
        date = calendar.AddWorkdays(date, days);
        var at = date.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        return new DateTimeOffset(at, zone.GetUtcOffset(at)).ToUniversalTime();
    }
}
