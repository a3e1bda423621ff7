namespace Platform.Runtime.Workflows.Scheduling;

/// <summary>
/// Which days are working days. The real calendar (official holidays and make-up working days,
/// editable by an admin) comes with the expressions work; until then <see cref="WeekendsOnlyCalendar"/>.
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
