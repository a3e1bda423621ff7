namespace Platform.Runtime.Expressions.Library;

/// <summary>Arithmetic on decimals: results carry 15 significant digits, rounding is half-up on the typed digits.</summary>
public static class NumberFunctions
{
    public static void Register(IDictionary<string, Func<FunctionCall, object?>> f)
    {
        f["round"] = c => RoundWith(c, DecimalDigits.Mode.HalfUp, false);
        f["roundUp"] = c => RoundWith(c, DecimalDigits.Mode.Up, false);
        f["roundDown"] = c => RoundWith(c, DecimalDigits.Mode.Down, false);
        f["ceil"] = c => RoundWith(c, DecimalDigits.Mode.Up, true);
        f["floor"] = c => RoundWith(c, DecimalDigits.Mode.Down, true);
        f["abs"] = c => c.NumberOrNull(0) is { } x ? Math.Abs(x) : null;
        f["sum"] = c => Numbers(c).Aggregate(0.0, (a, b) => DecimalDigits.Normalize(a + b));
        f["avg"] = c => Numbers(c) is { Count: > 0 } n ? DecimalDigits.Normalize(n.Aggregate(0.0, (a, b) => DecimalDigits.Normalize(a + b)) / n.Count) : null;
        f["min"] = c => Numbers(c) is { Count: > 0 } n ? n.Min() : null;
        f["max"] = c => Numbers(c) is { Count: > 0 } n ? n.Max() : null;
        f["sub"] = c => DecimalDigits.Normalize(c.Number(0, 0) - c.Number(1, 0));
        f["mul"] = c => Numbers(c).Aggregate(1.0, (a, b) => DecimalDigits.Normalize(a * b));
        f["div"] = c =>
        {
            var b = c.Number(1, 0);
            if (b == 0) throw c.Fail("division by zero");
            return DecimalDigits.Normalize(c.Number(0, 0) / b);
        };
        f["mod"] = c =>
        {
            var b = c.Number(1, 0);
            if (b == 0) throw c.Fail("division by zero");
            return DecimalDigits.Normalize(c.Number(0, 0) % b);
        };
        f["toNumber"] = c => c.NumberOrNull(0);
        f["fixed"] = c => c.NumberOrNull(0) is { } x ? DecimalDigits.Fixed(x, c.Integer(1, 2, 0, 15), false) : null;
        f["formatNumber"] = c => c.NumberOrNull(0) is { } x ? DecimalDigits.Fixed(x, c.Integer(1, 0, 0, 15), true) : null;
    }

    private static object? RoundWith(FunctionCall c, DecimalDigits.Mode mode, bool signed)
    {
        if (c.NumberOrNull(0) is not { } x) return null;
        var places = c.Integer(1, 0, -15, 15);
        // ceil/floor go towards +/- infinity; roundUp/roundDown away from / towards zero.
        if (signed && x < 0) mode = mode == DecimalDigits.Mode.Up ? DecimalDigits.Mode.Down : DecimalDigits.Mode.Up;
        var r = DecimalDigits.Round(x, places, mode);
        return r == 0 ? 0.0 : r;
    }

    /// <summary>Numbers from the arguments, arrays flattened one level; nulls and empty text are skipped.</summary>
    private static List<double> Numbers(FunctionCall c)
    {
        var result = new List<double>();
        for (var i = 0; i < c.Count; i++)
        {
            if (c[i] is System.Collections.IList list)
            {
                foreach (var item in list)
                {
                    var n = FunctionCall.AsNumber(item, out var ok);
                    if (!ok) throw c.Refuse(i, "numbers");
                    if (n is { } v) result.Add(v);
                }
            }
            else if (c.NumberOrNull(i) is { } n) result.Add(n);
        }
        return result;
    }
}
