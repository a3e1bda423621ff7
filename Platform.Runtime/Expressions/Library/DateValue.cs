using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Runtime.Expressions.Library;

/// <summary>
/// A date or date-time as expressions see it: wall-clock time in the configured zone. In scripts and
/// results dates are ISO strings: "2025-10-01" (a date) or "2025-10-01T09:30:00+08:00" (a date-time,
/// seconds precision, offset of the zone). The browser's dates.ts reads and writes the same forms.
/// </summary>
public readonly partial record struct DateValue(DateTime Local, bool HasTime)
{
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$")]
    private static partial Regex IsoPattern();

    public DateOnly Date => DateOnly.FromDateTime(Local);

    public static DateValue OfDate(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), false);

    /// <summary>The wall clock in the zone at an instant, to the whole second (as in the browser).</summary>
    public static DateValue OfInstant(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var t = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return new(new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified), true);
    }

    /// <summary>Reads an ISO string (with or without time/offset) or a .NET date; null when it is none.</summary>
    public static DateValue? TryRead(object? value, TimeZoneInfo zone)
    {
        switch (value)
        {
            case DateValue v: return v;
            case DateTimeOffset o: return OfInstant(o, zone);
            case DateOnly day: return OfDate(day);
            case string s:
                var m = IsoPattern().Match(s.Trim());
                if (!m.Success) return null;
                int Part(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
                int y = Part(1), mo = Part(2), d = Part(3), h = Part(4), mi = Part(5), sec = Part(6);
                if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59 || y < 1) return null;
                var local = new DateTime(y, mo, d, h, mi, sec, DateTimeKind.Unspecified);
                if (!m.Groups[4].Success) return new DateValue(local, false);
                if (!m.Groups[7].Success) return new DateValue(local, true);
                var z = m.Groups[7].Value;
                var offset = z == "Z" ? TimeSpan.Zero
                    : TimeSpan.FromMinutes((z[0] == '-' ? -1 : 1) * (int.Parse(z.Substring(1, 2), CultureInfo.InvariantCulture) * 60 + int.Parse(z[^2..], CultureInfo.InvariantCulture)));
                return OfInstant(new DateTimeOffset(local, offset), zone);
            default: return null;
        }
    }

    public DateTimeOffset ToInstant(TimeZoneInfo zone) => new(Local, zone.GetUtcOffset(Local));

    public string Format(TimeZoneInfo zone)
    {
        if (!HasTime) return Local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var offset = zone.GetUtcOffset(Local);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return Local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + $"{sign}{abs.Hours:00}:{abs.Minutes:00}";
    }

    public DateValue WithLocal(DateTime local) => new(local, HasTime);

    /// <summary>1 = Monday … 7 = Sunday (ISO; weeks start on Monday, the Chinese convention).</summary>
    public static int IsoWeekday(DateOnly d) => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;
}
