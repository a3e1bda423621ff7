using System.Globalization;

namespace Platform.Runtime.Expressions.Library;

/// <summary>
/// A double seen as the decimal a person typed: the shortest round-trip digits (1.005 is "1005"×10^-3,
/// not 1.00499999…). Rounding works on these digits, so round(1.005, 2) is 1.01. The browser's
/// decimal.ts does exactly the same steps on the same digits, which keeps results identical.
/// </summary>
public readonly record struct DecimalDigits(bool Negative, string Digits, int Exponent)
{
    /// <summary>Shortest round-trip digits of a finite double (JavaScript's Number::toString digits).</summary>
    public static DecimalDigits Of(double x)
    {
        if (x == 0) return new(false, "0", 0);
        var s = x.ToString("R", CultureInfo.InvariantCulture);
        var negative = s[0] == '-';
        if (negative) s = s[1..];
        var exp = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0) { exp = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture); s = s[..e]; }
        var dot = s.IndexOf('.');
        if (dot >= 0) { exp -= s.Length - dot - 1; s = s.Remove(dot, 1); }
        s = s.TrimStart('0');
        var trailing = s.Length - s.TrimEnd('0').Length;
        s = s.TrimEnd('0'); exp += trailing;
        return new(negative, s, exp);
    }

    public enum Mode { HalfUp, Up, Down }

    /// <summary>Rounds to <paramref name="places"/> decimals (negative: tens, hundreds …).</summary>
    public static double Round(double x, int places, Mode mode)
    {
        if (!double.IsFinite(x) || x == 0) return x;
        var d = Of(x);
        if (d.Exponent >= -places) return x;
        var keep = d.Digits.Length + d.Exponent + places;
        string kept; bool increment;
        if (keep < 0) { kept = "0"; increment = mode == Mode.Up; }
        else
        {
            kept = keep == 0 ? "0" : d.Digits[..keep];
            var dropped = d.Digits[keep..];
            increment = mode switch
            {
                Mode.HalfUp => dropped[0] >= '5',
                Mode.Up => dropped.Any(c => c != '0'),
                _ => false,
            };
        }
        if (increment) kept = Increment(kept);
        var result = double.Parse(kept + "E" + (-places).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return d.Negative ? -result : result;
    }

    private static string Increment(string digits)
    {
        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9') { chars[i]++; return new string(chars); }
            chars[i] = '0';
        }
        return "1" + new string(chars);
    }

    /// <summary>Cuts binary noise: 0.1 + 0.2 becomes 0.3 (15 significant digits, like a spreadsheet).</summary>
    public static double Normalize(double x) =>
        !double.IsFinite(x) || x == 0 ? x : double.Parse(x.ToString("E14", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>JavaScript's Number::toString, so text built on the server reads as in the browser.</summary>
    public static string JsText(double x)
    {
        if (double.IsNaN(x)) return "NaN";
        if (double.IsPositiveInfinity(x)) return "Infinity";
        if (double.IsNegativeInfinity(x)) return "-Infinity";
        if (x == 0) return "0";
        var d = Of(x);
        var sign = d.Negative ? "-" : "";
        int k = d.Digits.Length, n = k + d.Exponent;
        if (k <= n && n <= 21) return sign + d.Digits + new string('0', n - k);
        if (0 < n && n <= 21) return sign + d.Digits[..n] + "." + d.Digits[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + d.Digits;
        var exp = n - 1;
        var expText = (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        return sign + (k == 1 ? d.Digits : d.Digits[..1] + "." + d.Digits[1..]) + "e" + expText;
    }

    /// <summary>Fixed decimals with half-up rounding and optional thousands separators.</summary>
    public static string Fixed(double x, int places, bool grouping)
    {
        var r = Round(x, places, Mode.HalfUp);
        var d = Of(r);
        var digits = d.Digits == "0" ? "0" : d.Digits;
        var exp = d.Digits == "0" ? 0 : d.Exponent;
        // Pad so that there are at least `places` fraction digits and one integer digit.
        if (exp > 0) { digits += new string('0', exp); exp = 0; }
        var frac = -exp;
        if (frac < places) { digits += new string('0', places - frac); frac = places; }
        if (digits.Length <= frac) digits = new string('0', frac - digits.Length + 1) + digits;
        var intPart = digits[..^frac];
        if (frac == 0) intPart = digits;
        var fracPart = frac == 0 ? "" : digits[^frac..];
        if (grouping)
            for (var i = intPart.Length - 3; i > 0; i -= 3) intPart = intPart.Insert(i, ",");
        var text = fracPart.Length > 0 ? intPart + "." + fracPart : intPart;
        return (d.Negative && r != 0 ? "-" : "") + text;
    }
}
