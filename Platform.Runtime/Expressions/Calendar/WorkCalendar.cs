using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Platform.Runtime.Expressions.Calendar;

/// <summary>A day that differs from the Monday–Friday rule: a holiday on a weekday or a make-up working day.</summary>
public sealed record CalendarDay(DateOnly Date, bool IsWorkday, string Name);

/// <summary>
/// Which days are working days: Monday to Friday, except listed holidays, plus listed make-up working
/// days (调休上班). Ships China's official arrangements as data (Data/cn-YYYY.json, also read by the
/// browser) and takes admin edits on top (<see cref="WorkCalendarStore"/>). Immutable: edits make a new one.
/// </summary>
public sealed class WorkCalendar
{
    private readonly FrozenDictionary<DateOnly, CalendarDay> _days;

    public WorkCalendar(IEnumerable<CalendarDay> days)
    {
        var map = new Dictionary<DateOnly, CalendarDay>();
        foreach (var d in days) map[d.Date] = d;
        _days = map.ToFrozenDictionary();
    }

    public static WorkCalendar China { get; } = new(LoadShipped());

    public IEnumerable<CalendarDay> Days => _days.Values.OrderBy(d => d.Date);

    /// <summary>A new calendar with these days replacing the same dates (admin edits over the shipped data).</summary>
    public WorkCalendar With(IEnumerable<CalendarDay> overrides) => new(_days.Values.Concat(overrides));

    public CalendarDay? Find(DateOnly date) => _days.TryGetValue(date, out var d) ? d : null;

    public bool IsWorkday(DateOnly date) =>
        _days.TryGetValue(date, out var d) ? d.IsWorkday : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>n working days after (or before, when negative) the date; 0 gives the date itself or the next working day.</summary>
    public DateOnly AddWorkdays(DateOnly date, int n)
    {
        if (n == 0) { while (!IsWorkday(date)) date = date.AddDays(1); return date; }
        var step = n > 0 ? 1 : -1;
        for (var left = Math.Abs(n); left > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkday(date)) left--;
        }
        return date;
    }

    /// <summary>Working days from start to end, both included (like NETWORKDAYS); negative when end is before start.</summary>
    public int WorkdaysBetween(DateOnly start, DateOnly end)
    {
        if (end < start) return -WorkdaysBetween(end, start);
        var count = 0;
        for (var d = start; d <= end; d = d.AddDays(1)) if (IsWorkday(d)) count++;
        return count;
    }

    private static IEnumerable<CalendarDay> LoadShipped()
    {
        var assembly = typeof(WorkCalendar).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Calendar.Data.cn-", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var day in Parse(JsonDocument.Parse(stream).RootElement)) yield return day;
        }
    }

    /// <summary>Reads one year file: holidays as {name, from, to}, make-up working days as {name, date}.</summary>
    public static IEnumerable<CalendarDay> Parse(JsonElement year)
    {
        static DateOnly Date(JsonElement e, string p) => DateOnly.ParseExact(e.GetProperty(p).GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var h in year.GetProperty("holidays").EnumerateArray())
            for (var d = Date(h, "from"); d <= Date(h, "to"); d = d.AddDays(1))
                yield return new CalendarDay(d, false, h.GetProperty("name").GetString()!);
        foreach (var w in year.GetProperty("workdays").EnumerateArray())
            yield return new CalendarDay(Date(w, "date"), true, w.GetProperty("name").GetString()!);
    }
}
