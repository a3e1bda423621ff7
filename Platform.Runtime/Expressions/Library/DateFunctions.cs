using System.Globalization;
using System.Text;

namespace Platform.Runtime.Expressions.Library;

/// <summary>
/// Dates in the configured zone. Adding to a date gives a date, to a date-time a date-time; start/end
/// of week/month/quarter/year give dates. Weeks start on Monday (China's convention, ISO 8601).
/// A null date gives null.
/// </summary>
public static class DateFunctions
{
    public static void Register(IDictionary<string, Func<FunctionCall, object?>> f)
    {
        f["now"] = c => c.Format(DateValue.OfInstant(c.Context.Now, c.Context.Zone));
        f["today"] = c => c.Format(DateValue.OfDate(Today(c.Context)));
        f["date"] = c =>
        {
            int y = c.Integer(0, 1, 1, 9999), m = c.Integer(1, 1, 1, 12), d = c.Integer(2, 1, 1, 31);
            if (d > DateTime.DaysInMonth(y, m)) throw c.Fail($"{y}-{m:00} has no day {d}");
            return c.Format(DateValue.OfDate(new DateOnly(y, m, d)));
        };
        f["toDate"] = c => Map(c, v => DateValue.OfDate(v.Date));
        f["year"] = c => Part(c, v => v.Local.Year);
        f["month"] = c => Part(c, v => v.Local.Month);
        f["day"] = c => Part(c, v => v.Local.Day);
        f["hour"] = c => Part(c, v => v.Local.Hour);
        f["minute"] = c => Part(c, v => v.Local.Minute);
        f["weekday"] = c => Part(c, v => DateValue.IsoWeekday(v.Date));
        f["addDays"] = c => Add(c, (t, n) => t.AddDays(n));
        f["addWeeks"] = c => Add(c, (t, n) => t.AddDays(7 * n));
        f["addMonths"] = c => Add(c, (t, n) => t.AddMonths(n));
        f["addYears"] = c => Add(c, (t, n) => t.AddYears(n));
        f["addHours"] = c => AddTime(c, TimeSpan.FromHours(1));
        f["addMinutes"] = c => AddTime(c, TimeSpan.FromMinutes(1));
        f["diffDays"] = c => c.DateOrNull(0) is { } a && c.DateOrNull(1) is { } b ? (double)(b.Date.DayNumber - a.Date.DayNumber) : null;
        f["diffHours"] = c => Elapsed(c, 3600);
        f["diffMinutes"] = c => Elapsed(c, 60);
        f["startOfWeek"] = c => Map(c, v => DateValue.OfDate(StartOfWeek(v.Date)));
        f["endOfWeek"] = c => Map(c, v => DateValue.OfDate(StartOfWeek(v.Date).AddDays(6)));
        f["startOfMonth"] = c => Map(c, v => DateValue.OfDate(new DateOnly(v.Local.Year, v.Local.Month, 1)));
        f["endOfMonth"] = c => Map(c, v => DateValue.OfDate(EndOfMonth(v.Local.Year, v.Local.Month)));
        f["startOfQuarter"] = c => Map(c, v => DateValue.OfDate(new DateOnly(v.Local.Year, QuarterStart(v.Local.Month), 1)));
        f["endOfQuarter"] = c => Map(c, v => DateValue.OfDate(EndOfMonth(v.Local.Year, QuarterStart(v.Local.Month) + 2)));
        f["startOfYear"] = c => Map(c, v => DateValue.OfDate(new DateOnly(v.Local.Year, 1, 1)));
        f["endOfYear"] = c => Map(c, v => DateValue.OfDate(new DateOnly(v.Local.Year, 12, 31)));
        f["formatDate"] = c => c.DateOrNull(0) is { } v ? FormatPattern(v, c.Count > 1 && c[1] is not null ? c.Text(1) : "YYYY-MM-DD") : null;
    }

    public static DateOnly Today(FunctionContext context) => DateValue.OfInstant(context.Now, context.Zone).Date;

    public static DateOnly StartOfWeek(DateOnly d) => d.AddDays(1 - DateValue.IsoWeekday(d));

    public static DateOnly EndOfMonth(int year, int month) => new(year, month, DateTime.DaysInMonth(year, month));

    private static int QuarterStart(int month) => (month - 1) / 3 * 3 + 1;

    private static object? Map(FunctionCall c, Func<DateValue, DateValue> f) => c.DateOrNull(0) is { } v ? c.Format(f(v)) : null;

    private static object? Part(FunctionCall c, Func<DateValue, int> f) => c.DateOrNull(0) is { } v ? (double)f(v) : null;

    private static object? Add(FunctionCall c, Func<DateTime, int, DateTime> add)
    {
        if (c.DateOrNull(0) is not { } v) return null;
        var n = c.Integer(1, 0, -1_000_000, 1_000_000);
        try { return c.Format(v.WithLocal(add(v.Local, n))); }
        catch (ArgumentOutOfRangeException) { throw c.Fail("the result is outside the years 1 to 9999"); }
    }

    /// <summary>Hours and minutes are elapsed time: the wall clock is converted to an instant and back.</summary>
    private static object? AddTime(FunctionCall c, TimeSpan unit)
    {
        if (c.DateOrNull(0) is not { } v) return null;
        var n = c.RequiredNumber(1);
        var instant = v.ToInstant(c.Context.Zone).AddSeconds(Math.Round(n * unit.TotalSeconds));
        return c.Format(DateValue.OfInstant(instant, c.Context.Zone));
    }

    private static object? Elapsed(FunctionCall c, double secondsPerUnit)
    {
        if (c.DateOrNull(0) is not { } a || c.DateOrNull(1) is not { } b) return null;
        var seconds = (b.ToInstant(c.Context.Zone) - a.ToInstant(c.Context.Zone)).TotalSeconds;
        return DecimalDigits.Normalize(seconds / secondsPerUnit);
    }

    private static readonly string[] WeekdayNames = ["一", "二", "三", "四", "五", "六", "日"];
    private static readonly string[] Tokens = ["YYYY", "dddd", "ddd", "MM", "DD", "HH", "mm", "ss", "M", "D", "H"];

    /// <summary>Tokens: YYYY MM M DD D HH H mm ss, dddd (星期一) and ddd (周一); anything else is copied.</summary>
    public static string FormatPattern(DateValue v, string pattern)
    {
        var t = v.Local;
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length;)
        {
            var token = Tokens.FirstOrDefault(k => string.CompareOrdinal(pattern, i, k, 0, k.Length) == 0);
            if (token is null) { sb.Append(pattern[i]); i++; continue; }
            var wd = WeekdayNames[DateValue.IsoWeekday(v.Date) - 1];
            sb.Append(token switch
            {
                "YYYY" => t.Year.ToString("0000", CultureInfo.InvariantCulture),
                "MM" => t.Month.ToString("00", CultureInfo.InvariantCulture),
                "M" => t.Month.ToString(CultureInfo.InvariantCulture),
                "DD" => t.Day.ToString("00", CultureInfo.InvariantCulture),
                "D" => t.Day.ToString(CultureInfo.InvariantCulture),
                "HH" => t.Hour.ToString("00", CultureInfo.InvariantCulture),
                "H" => t.Hour.ToString(CultureInfo.InvariantCulture),
                "mm" => t.Minute.ToString("00", CultureInfo.InvariantCulture),
                "ss" => t.Second.ToString("00", CultureInfo.InvariantCulture),
                "dddd" => "星期" + wd,
                _ => "周" + wd,
            });
            i += token.Length;
        }
        return sb.ToString();
    }
}
