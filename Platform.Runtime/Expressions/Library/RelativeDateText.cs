using System.Text.RegularExpressions;

namespace Platform.Runtime.Expressions.Library;

/// <summary>
/// nextDateFromText(text, now?): the date a Chinese phrase points at, or null. Understands 今天 明天 后天
/// 大后天 昨天 前天, N天/周/个月/年后, 下周三 本周五 下下周一, 周五 (the next one, today included), 周末 /
/// 下周末 (Saturday; Sunday itself when today is Sunday), 下个月3号, 5月3日, 15号, 月底/月初 (also 下个月底),
/// 年底, 下周 (its Monday), 下个月 (its 1st) and 2025-10-08. Numbers may be digits or 一…九十两.
/// Rules are tried in this order and the first that matches anywhere in the text wins; the
/// browser's relativeDate.ts has the same rules, in the same order, with the same patterns.
/// </summary>
public static class RelativeDateText
{
    private const string Num = "([0-9]+|[零一二两三四五六七八九十]+)";
    private const string Prefix = "(下下|下|上|这|本)";
    private const string Week = "(?:周|星期|礼拜)";
    private const string Weekday = "([一二三四五六日天1-7])";

    private static readonly (Regex Pattern, Func<Match, DateOnly, DateOnly?> Resolve)[] Rules =
    [
        (new("([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})"), (m, _) => Make(Int(m, 1), Int(m, 2), Int(m, 3))),
        (new(Num + "(天|日|个?星期|个?礼拜|周|个月|年)(?:以后|之后|后)"), (m, t) => Number(m.Groups[1].Value) is { } n ? m.Groups[2].Value switch
        {
            "天" or "日" => t.AddDays(n),
            "个月" => t.AddMonths(n),
            "年" => t.AddYears(n),
            _ => t.AddDays(7 * n),
        } : null),
        (new("大后天"), (_, t) => t.AddDays(3)),
        (new("大前天"), (_, t) => t.AddDays(-3)),
        (new("后天"), (_, t) => t.AddDays(2)),
        (new("明天|明日"), (_, t) => t.AddDays(1)),
        (new("今天|今日"), (_, t) => t),
        (new("昨天|昨日"), (_, t) => t.AddDays(-1)),
        (new("前天"), (_, t) => t.AddDays(-2)),
        (new(Prefix + "个?" + Week + Weekday), (m, t) => DateFunctions.StartOfWeek(t).AddDays(7 * Offset(m.Groups[1].Value) + WeekdayOf(m.Groups[2].Value) - 1)),
        (new(Prefix + "?个?" + Week + "末"), (m, t) => m.Groups[1].Success && Offset(m.Groups[1].Value) != 0
            ? DateFunctions.StartOfWeek(t).AddDays(7 * Offset(m.Groups[1].Value) + 5)
            : DateValue.IsoWeekday(t) == 7 ? t : DateFunctions.StartOfWeek(t).AddDays(5)),
        (new(Week + Weekday), (m, t) => t.AddDays((WeekdayOf(m.Groups[1].Value) - DateValue.IsoWeekday(t) + 7) % 7)),
        (new(Num + "月" + Num + "[日号]"), (m, t) => Number(m.Groups[1].Value) is { } mo && Number(m.Groups[2].Value) is { } d
            ? Make(t.Year, mo, d) is { } thisYear && thisYear < t ? Make(t.Year + 1, mo, d) : Make(t.Year, mo, d)
            : null),
        (new(Num + "月(底|末|初)"), (m, t) => Number(m.Groups[1].Value) is { } mo && mo is >= 1 and <= 12
            ? m.Groups[2].Value == "初" ? new DateOnly(t.Year, mo, 1) : DateFunctions.EndOfMonth(t.Year, mo)
            : null),
        (new(Prefix + "个?月" + Num + "[日号]"), (m, t) => Number(m.Groups[2].Value) is { } d
            ? MonthOf(t, m.Groups[1].Value) is var first ? Make(first.Year, first.Month, d) : null
            : null),
        (new(Prefix + "?个?月(底|末|初)"), (m, t) =>
        {
            var first = MonthOf(t, m.Groups[1].Success ? m.Groups[1].Value : "本");
            return m.Groups[2].Value == "初" ? first : DateFunctions.EndOfMonth(first.Year, first.Month);
        }),
        (new("年底|年末"), (_, t) => new DateOnly(t.Year, 12, 31)),
        (new("(下下|下)个?" + Week), (m, t) => DateFunctions.StartOfWeek(t).AddDays(7 * Offset(m.Groups[1].Value))),
        (new("(下下|下)个?月"), (m, t) => MonthOf(t, m.Groups[1].Value)),
        (new(Num + "[日号]"), (m, t) => Number(m.Groups[1].Value) is { } d
            ? Make(t.Year, t.Month, d) is { } thisMonth && thisMonth >= t ? thisMonth
              : MonthOf(t, "下") is var next ? Make(next.Year, next.Month, d) : null
            : null),
    ];

    public static object? NextDateFromText(FunctionCall c)
    {
        var today = c.Count > 1 && c[1] is not null ? c.DateOrNull(1)!.Value.Date : DateFunctions.Today(c.Context);
        var date = Parse(c.Text(0), today);
        return date is { } d ? c.Format(DateValue.OfDate(d)) : null;
    }

    public static DateOnly? Parse(string text, DateOnly today)
    {
        var s = Normalize(text);
        foreach (var (pattern, resolve) in Rules)
        {
            var m = pattern.Match(s);
            if (!m.Success) continue;
            try { return resolve(m, today); }
            catch (ArgumentOutOfRangeException) { return null; }
        }
        return null;
    }

    /// <summary>Full-width digits become ASCII digits; white space goes.</summary>
    private static string Normalize(string text) =>
        new(text.Where(ch => !char.IsWhiteSpace(ch)).Select(ch => ch is >= '０' and <= '９' ? (char)('0' + (ch - '０')) : ch).ToArray());

    private static int Int(Match m, int g) => int.Parse(m.Groups[g].Value);

    private static DateOnly? Make(int y, int m, int d) =>
        y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    private static int Offset(string prefix) => prefix switch { "下下" => 2, "下" => 1, "上" => -1, _ => 0 };

    private static DateOnly MonthOf(DateOnly today, string prefix) => new DateOnly(today.Year, today.Month, 1).AddMonths(Offset(prefix));

    private static int WeekdayOf(string ch) => ch switch
    {
        "一" or "1" => 1, "二" or "2" => 2, "三" or "3" => 3, "四" or "4" => 4, "五" or "5" => 5, "六" or "6" => 6, _ => 7,
    };

    private const string Digits = "零一二三四五六七八九";

    /// <summary>Digits or Chinese numerals up to 99 (十五, 二十三, 两); null when it is neither.</summary>
    public static int? Number(string s)
    {
        if (s.All(char.IsAsciiDigit)) return s.Length <= 5 ? int.Parse(s) : null;
        int DigitOf(char ch) => ch == '两' ? 2 : Digits.IndexOf(ch);
        var ten = s.IndexOf('十');
        if (ten < 0) return s.Length == 1 && DigitOf(s[0]) >= 0 ? DigitOf(s[0]) : null;
        if (s.LastIndexOf('十') != ten || ten > 1 || s.Length - ten > 2) return null;
        var tens = ten == 0 ? 1 : DigitOf(s[0]);
        var ones = ten == s.Length - 1 ? 0 : DigitOf(s[ten + 1]);
        return tens <= 0 || ones < 0 ? null : tens * 10 + ones;
    }
}
