using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Platform.Runtime.Workflows.Scheduling;

/// <summary>Durations as people write them in definitions: "30s", "15m", "72h", "3d", "1d12h", or ISO 8601 "PT72H".</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^\s*(?:(\d+(?:\.\d+)?)\s*d)?\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Short();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (text.StartsWith('P') || text.StartsWith('-'))
        {
            try { value = XmlConvert.ToTimeSpan(text); return true; } catch (FormatException) { return false; }
        }
        var m = Short().Match(text);
        if (!m.Success || !m.Groups.Values.Skip(1).Any(g => g.Success)) return false;
        double Part(int i) => m.Groups[i].Success ? double.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        value = TimeSpan.FromDays(Part(1)) + TimeSpan.FromHours(Part(2)) + TimeSpan.FromMinutes(Part(3)) + TimeSpan.FromSeconds(Part(4));
        return true;
    }

    /// <summary>Whole days only ("3d"), for working-day arithmetic; null when the text has hours, minutes or seconds.</summary>
    public static int? WholeDays(string text) => TryParse(text, out var span) && span.Ticks % TimeSpan.TicksPerDay == 0 ? (int)span.TotalDays : null;
}
