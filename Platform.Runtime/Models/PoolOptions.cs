using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Models;

/// <summary>
/// The shared pool of a model (model JSON option "pool"): records without an owner are visible to
/// holders of the member roles, who may claim them (at most <see cref="ClaimLimit"/> per
/// <see cref="ClaimPeriod"/>) and release their own; a user who released a record waits
/// <see cref="CooldownDays"/> before claiming it again. Format: docs/permissions.md.
/// </summary>
public sealed record PoolOptions(IReadOnlyList<string> Members, int? ClaimLimit, string ClaimPeriod, int CooldownDays)
{
    public static readonly string[] Periods = ["day", "week", "month"];

    /// <summary>Reads the "pool" option; problems go to <paramref name="error"/> with their path.</summary>
    public static PoolOptions? Parse(JsonNode? node, string path, Action<string, string> error)
    {
        if (node is null) return null;
        if (node is not JsonObject o) { error(path, "'pool' must be an object {members, claimLimit, claimPeriod, cooldownDays}."); return null; }
        var ok = true;
        foreach (var (k, _) in o)
            if (k is not ("members" or "claimLimit" or "claimPeriod" or "cooldownDays")) { error($"{path}.{k}", $"Unknown pool option '{k}'. Use members, claimLimit, claimPeriod, cooldownDays."); ok = false; }
        var members = new List<string>();
        if (o["members"] is JsonArray list && list.Count > 0)
        {
            foreach (var m in list)
                if (m is JsonValue v && v.GetValueKind() == JsonValueKind.String && Security.RoleDefinition.IsValidKey(v.GetValue<string>())) members.Add(v.GetValue<string>());
                else { error(path + ".members", $"{m?.ToJsonString() ?? "null"} is not a role key."); ok = false; }
        }
        else { error(path + ".members", "A pool needs 'members': a non-empty list of role keys of the app."); ok = false; }
        int? limit = null;
        if (o["claimLimit"] is { } l)
        {
            if (l is JsonValue lv && lv.GetValueKind() == JsonValueKind.Number && lv.TryGetValue<int>(out var n) && n >= 1) limit = n;
            else { error(path + ".claimLimit", "'claimLimit' is a whole number of at least 1."); ok = false; }
        }
        var period = "day";
        if (o["claimPeriod"] is { } p)
        {
            if (p is JsonValue pv && pv.GetValueKind() == JsonValueKind.String && Periods.Contains(pv.GetValue<string>())) period = pv.GetValue<string>();
            else { error(path + ".claimPeriod", "'claimPeriod' is day, week or month."); ok = false; }
        }
        var cooldown = 0;
        if (o["cooldownDays"] is { } c)
        {
            if (c is JsonValue cv && cv.GetValueKind() == JsonValueKind.Number && cv.TryGetValue<int>(out var d) && d is >= 0 and <= 3650) cooldown = d;
            else { error(path + ".cooldownDays", "'cooldownDays' is a whole number from 0 to 3650."); ok = false; }
        }
        return ok ? new PoolOptions(members.Distinct().ToList(), limit, period, cooldown) : null;
    }

    /// <summary>
    /// Pool members must be roles of the app. Adds problems (path "models[i].pool.members") to
    /// <paramref name="errors"/>; used where the whole package is known (import, model save).
    /// </summary>
    public static void CheckMembers(JsonObject package, IDictionary<string, string[]> errors)
    {
        var roles = (package["roles"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => r["key"] is JsonValue v && v.TryGetValue<string>(out var k) ? k : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var models = package["models"] as JsonArray ?? [];
        for (var i = 0; i < models.Count; i++)
        {
            if (models[i] is not JsonObject m || m["pool"] is not JsonObject pool || pool["members"] is not JsonArray members) continue;
            var unknown = members.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String)
                .Select(v => v.GetValue<string>()).Where(k => !roles.Contains(k)).ToList();
            if (unknown.Count > 0)
                errors[$"models[{i}].pool.members"] = [$"The app has no role {string.Join(", ", unknown.Select(k => $"'{k}'"))}."];
        }
    }

    /// <summary>The start of the claim period that contains <paramref name="now"/>, in the given zone (weeks start on Monday).</summary>
    public DateTimeOffset PeriodStart(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = local.Date;
        var start = ClaimPeriod switch
        {
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            "month" => new DateTime(day.Year, day.Month, 1),
            _ => day,
        };
        return new DateTimeOffset(start, zone.GetUtcOffset(start));
    }
}
