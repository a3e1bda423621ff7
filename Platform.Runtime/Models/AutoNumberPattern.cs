using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Runtime.Models;

/// <summary>
/// An auto-number pattern: literal text, date parts in braces ({yyyy}, {yyyyMM}, {yyMMdd}, …) and
/// exactly one counter ({0000}: the number of zeros is the minimum width).
/// </summary>
public static partial class AutoNumberPattern
{
    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Token();

    [GeneratedRegex("^0+$")]
    private static partial Regex Counter();

    [GeneratedRegex("^[yMdH]+$")]
    private static partial Regex DatePart();

    public static bool IsValid(string pattern)
    {
        if (pattern.Length is 0 or > 100) return false;
        var counters = 0;
        foreach (Match m in Token().Matches(pattern))
        {
            var t = m.Groups[1].Value;
            if (Counter().IsMatch(t)) counters++;
            else if (!DatePart().IsMatch(t)) return false;
        }
        var literal = Token().Replace(pattern, "");
        return counters == 1 && !literal.Contains('{') && !literal.Contains('}');
    }

    /// <summary>The pattern with its date parts filled in and the counter left as "{n}": the counter's key.</summary>
    public static string Prefix(string pattern, DateTimeOffset now) =>
        Token().Replace(pattern, m => Counter().IsMatch(m.Groups[1].Value) ? "{n}" : now.ToString(m.Groups[1].Value, CultureInfo.InvariantCulture));

    public static string Render(string pattern, DateTimeOffset now, long counter)
    {
        var sb = new StringBuilder();
        var width = Token().Matches(pattern).Select(m => m.Groups[1].Value).First(t => Counter().IsMatch(t)).Length;
        return Prefix(pattern, now).Replace("{n}", counter.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
    }
}
