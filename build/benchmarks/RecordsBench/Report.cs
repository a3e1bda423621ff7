namespace RecordsBench;

/// <summary>Figures of one database's run, printed beside the baseline with the targets of issues 3 and 4.</summary>
public sealed class Report(string provider, int rows)
{
    private readonly List<string> _lines = [];
    private readonly List<string> _notes = [];
    private bool Sqlite => provider == "sqlite";
    public int Errors { get; private set; }
    public int LockedInLog { get; set; }

    public void Note(string note) => _notes.Add(note);

    private static string Mark(bool ok) => ok ? "PASS" : "MISS";

    private void Line(string name, string platform, string raw, double ratio, string target) =>
        _lines.Add($"{name,-40} {platform,12} {raw,12} {ratio,7:F2}x  {target}");

    /// <summary>Ratio targets: platform time / raw time <= 1.5 (issue 3).</summary>
    private static string RatioTarget(double ratio) => $"ratio<=1.5 {Mark(ratio <= 1.5)}";

    public void Creates(int clients, double platform, double raw, int errors, string? firstError)
    {
        Errors += errors;
        var ratio = raw / platform;
        var goal = clients == 1 ? 1_200 : 2_500;
        var target = (Sqlite ? $">={goal:N0}/s {Mark(platform >= goal)}, " : "") + RatioTarget(ratio);
        Line($"creates/s via HTTP, {clients} client{(clients == 1 ? "" : "s")}", $"{platform:N0}/s", $"{raw:N0}/s", ratio, target);
        _lines.Add($"{"",-40} errors: {errors}{(firstError is null ? "" : " (first: " + firstError[..Math.Min(200, firstError.Length)] + ")")}");
    }

    public void Import(double platform, double raw, int errors)
    {
        Errors += errors;
        var ratio = raw / platform;
        Line("CSV import rows/s (vs raw bulk insert)", $"{platform:N0}/s", $"{raw:N0}/s", ratio, (Sqlite ? $">=20,000/s {Mark(platform >= 20_000)}, " : "") + RatioTarget(ratio));
    }

    private static double Median(List<double> v) { var s = v.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
    private static double P95(List<double> v) => v.Order().ElementAt((int)Math.Ceiling(v.Count * 0.95) - 1);
    private static string Ms(List<double> v) => $"{Median(v),5:F1}/{P95(v),5:F1}";

    public void Queries(List<double> page, List<double> pageRaw, List<double> pageScoped, List<double> pageScopedRaw,
        List<double> count, List<double> countRaw, List<double> countScoped, List<double> countScopedRaw, long total, int scopeDepartments, int departments)
    {
        _notes.Add($"queries over {total:N0} rows; latencies are median/p95 in ms; the scoped user sees {scopeDepartments} of {departments} departments (department and below)");
        void Q(string name, List<double> platform, List<double> raw, string extra)
        {
            var ratio = Median(platform) / Median(raw);
            Line(name, Ms(platform), Ms(raw), ratio, extra + RatioTarget(ratio));
        }
        Q("filtered sorted 50-row page", page, pageRaw, Sqlite ? $"p95<=20ms {Mark(P95(page) <= 20)}, " : "");
        Q("group-by count", count, countRaw, "");
        Q("page, scoped (dept and below)", pageScoped, pageScopedRaw, Sqlite ? $"p95<=20ms {Mark(P95(pageScoped) <= 20)}, " : "");
        Q("group-by count, scoped", countScoped, countScopedRaw, "");
        var pr = Median(pageScoped) / Median(page);
        var cr = Median(countScoped) / Median(count);
        _lines.Add($"{"scoped / unscoped (platform), page",-40} {pr,12:F2}x {"",12} {"",8} scoped<=1.2x {Mark(pr <= 1.2)}");
        _lines.Add($"{"scoped / unscoped (platform), count",-40} {cr,12:F2}x {"",12} {"",8} scoped<=1.2x {Mark(cr <= 1.2)}");
    }

    /// <summary>The same queries' SQL run in the benchmark's process (no HTTP, no JSON): what the HTTP round trip adds.</summary>
    public void InProcess(List<double> page, List<double> pageScoped, List<double> count, List<double> countScoped) =>
        _notes.Add($"the same SQL in-process through Dapper, no HTTP (median/p95 ms): page {Ms(page).Trim()}, scoped page {Ms(pageScoped).Trim()}, " +
                   $"count {Ms(count).Trim()}, scoped count {Ms(countScoped).Trim()}");

    public void Print(TextWriter w)
    {
        w.WriteLine($"\nrecords benchmark on {provider} ({rows:N0}-row model)");
        foreach (var n in _notes) w.WriteLine(n);
        w.WriteLine($"{"case",-40} {"platform",12} {"raw",12} {"plat/raw",8}  target (raw: the bare HTTP server for creates and queries, Dapper bulk insert for import)");
        foreach (var l in _lines) w.WriteLine(l);
        w.WriteLine($"'database is locked' in the platform log: {LockedInLog}; failed requests: {Errors}");
    }
}
