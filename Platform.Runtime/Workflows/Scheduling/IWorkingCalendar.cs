namespace Platform.Runtime.Workflows.Scheduling;

/// <summary>
/// Which days are working days, for working-day delays and SLAs: <see cref="ExpressionWorkingCalendar"/>,
/// the expressions' calendar (China's holidays and make-up days plus admin edits).
/// </summary>
public interface IWorkingCalendar
{
    bool IsWorkingDay(DateOnly day);

    /// <summary>The same time of day <paramref name="days"/> working days later (a start on a day off counts from the next working day).</summary>
    DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        var at = from;
        while (!IsWorkingDay(DateOnly.FromDateTime(at.Date))) at = at.AddDays(1);
        for (var added = 0; added < days;)
        {
            at = at.AddDays(1);
            if (IsWorkingDay(DateOnly.FromDateTime(at.Date))) added++;
        }
        return at;
    }
}
