using System.Collections;

namespace Platform.Runtime.Expressions.Library;

/// <summary>Text functions. Lengths and positions count characters (code points), positions start at 1; null reads as "".</summary>
public static class TextFunctions
{
    public static void Register(IDictionary<string, Func<FunctionCall, object?>> f)
    {
        f["len"] = c => (double)Chars(c.Text(0)).Count;
        f["upper"] = c => c.Text(0).ToUpperInvariant();
        f["lower"] = c => c.Text(0).ToLowerInvariant();
        f["trim"] = c => c.Text(0).Trim();
        f["left"] = c => string.Concat(Chars(c.Text(0)).Take(c.Integer(1, 1, 0, int.MaxValue)));
        f["right"] = c => { var s = Chars(c.Text(0)); var n = c.Integer(1, 1, 0, int.MaxValue); return string.Concat(s.Skip(Math.Max(0, s.Count - n))); };
        f["mid"] = c =>
        {
            var s = Chars(c.Text(0));
            var start = c.Integer(1, 1, 1, int.MaxValue);
            var count = c.Integer(2, int.MaxValue, 0, int.MaxValue);
            return string.Concat(s.Skip(start - 1).Take(count));
        };
        f["concat"] = c => string.Concat(Enumerable.Range(0, c.Count).Select(i => FunctionCall.ToText(c[i])));
        f["contains"] = c => c.Text(0).Contains(c.Text(1), StringComparison.Ordinal);
        f["startsWith"] = c => c.Text(0).StartsWith(c.Text(1), StringComparison.Ordinal);
        f["endsWith"] = c => c.Text(0).EndsWith(c.Text(1), StringComparison.Ordinal);
        f["replace"] = c => c.Text(1).Length == 0 ? c.Text(0) : c.Text(0).Replace(c.Text(1), c.Text(2), StringComparison.Ordinal);
        f["split"] = c =>
        {
            var s = c.Text(0);
            var sep = c.Count > 1 ? c.Text(1) : ",";
            if (s.Length == 0) return new List<object?>();
            return sep.Length == 0 ? Chars(s).Cast<object?>().ToList() : s.Split(sep).Cast<object?>().ToList();
        };
        f["join"] = c => string.Join(c.Count > 1 ? c.Text(1) : ",", c.List(0).Select(FunctionCall.ToText));
        f["padStart"] = c => Pad(c, true);
        f["padEnd"] = c => Pad(c, false);
        f["text"] = c => FunctionCall.ToText(c[0]);
        f["isEmpty"] = c => c[0] switch
        {
            null => true,
            string s => s.Trim().Length == 0,
            IList l => l.Count == 0,
            _ => false,
        };
        f["coalesce"] = c => Enumerable.Range(0, c.Count).Select(i => c[i]).FirstOrDefault(v => v is not null && v is not string { Length: 0 });
        f["get"] = c =>
        {
            object? current = c[0];
            foreach (var part in c.Text(1).Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                current = current switch
                {
                    IDictionary<string, object?> d => d.TryGetValue(part, out var v) ? v : null,
                    IReadOnlyDictionary<string, object?> d => d.TryGetValue(part, out var v) ? v : null,
                    IList l when int.TryParse(part, out var i) && i >= 0 && i < l.Count => l[i],
                    _ => null,
                };
                if (current is null) break;
            }
            return current ?? c[2];
        };
    }

    /// <summary>The characters of a text: surrogate pairs (emoji, rare 汉字) count once, as in Array.from.</summary>
    public static List<string> Chars(string s)
    {
        var result = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { result.Add(s.Substring(i, 2)); i++; }
            else result.Add(s[i].ToString());
        }
        return result;
    }

    private static string Pad(FunctionCall c, bool start)
    {
        var s = c.Text(0);
        var width = c.Integer(1, 0, 0, 10_000);
        var fill = c.Count > 2 ? c.Text(2) : " ";
        var missing = width - Chars(s).Count;
        if (missing <= 0 || fill.Length == 0) return s;
        var fillChars = Chars(fill);
        var pad = string.Concat(Enumerable.Range(0, missing).Select(i => fillChars[i % fillChars.Count]));
        return start ? pad + s : s + pad;
    }
}
