using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;

namespace Platform.Runtime.Dashboards;

/// <summary>
/// Checks the dashboards of an app package (docs/dashboards.md) when the package is imported or copied, so a
/// dashboard naming a model, field, role or chart the app does not have is refused with its path
/// (<c>dashboards[0].widgets[2].query.groupBy[0]</c>) instead of drawing an error in every user's runner.
/// The query's filter is left to the aggregate endpoint, which checks it on each call with the caller's rights.
/// </summary>
public static class DashboardDefinition
{
    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> GroupsPerChart = new Dictionary<string, (int, int)>
    {
        ["number"] = (0, 0), ["bar"] = (1, 2), ["line"] = (1, 2), ["pie"] = (1, 1), ["funnel"] = (1, 1),
        ["ranking"] = (1, 1), ["pivot"] = (2, 2), ["heatmap"] = (2, 2),
    };

    private static readonly string[] Buckets = ["day", "week", "month", "quarter", "year"];
    private static readonly string[] Ops = ["count", "sum", "avg", "min", "max"];
    private static readonly string[] NumberTypes = ["number", "decimal", "percent", "rating", "rollup", "formula"];

    private sealed record Field(string Type, string? Target);

    public static void Check(JsonObject package, IDictionary<string, string[]> errors)
    {
        if (package["dashboards"] is not JsonArray list) return;
        var models = Models(package);
        var roles = (package["roles"] as JsonArray ?? []).Select(r => Text(r?["key"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"dashboards[{i}]";
            if (list[i] is not JsonObject d) { errors[path] = ["A dashboard is an object."]; continue; }
            var key = Text(d["key"]);
            if (!AppPackage.IsValidKey(key)) errors[path + ".key"] = ["A dashboard key is 2–40 lower-case letters, digits and '-', starting with a letter."];
            else if (!keys.Add(key!)) errors[path + ".key"] = [$"Dashboard key '{key}' is used twice."];
            if (string.IsNullOrWhiteSpace(Text(d["name"]))) errors[path + ".name"] = ["A dashboard needs a name."];
            if (d["roles"] is { } rn)
            {
                if (rn is not JsonArray rl || rl.Any(r => Text(r) is null)) errors[path + ".roles"] = ["'roles' is a list of the app's role keys."];
                else foreach (var r in rl.Select(Text).Where(r => !roles.Contains(r!)))
                    errors[path + ".roles"] = [$"The app has no role '{r}'."];
            }
            if (d["widgets"] is not JsonArray widgets) { errors[path + ".widgets"] = ["'widgets' is a list."]; continue; }
            var widgetKeys = new HashSet<string>(StringComparer.Ordinal);
            for (var w = 0; w < widgets.Count; w++)
                CheckWidget(widgets[w], $"{path}.widgets[{w}]", models, widgetKeys, errors);
        }
    }

    private static void CheckWidget(JsonNode? node, string path, Dictionary<string, Dictionary<string, Field>> models, HashSet<string> keys, IDictionary<string, string[]> errors)
    {
        if (node is not JsonObject widget) { errors[path] = ["A widget is an object."]; return; }
        if (Text(widget["key"]) is not { Length: > 0 } key) errors[path + ".key"] = ["A widget needs a key."];
        else if (!keys.Add(key)) errors[path + ".key"] = [$"Widget key '{key}' is used twice."];
        var chart = Text(widget["chart"]);
        if (chart is null || !GroupsPerChart.ContainsKey(chart)) errors[path + ".chart"] = [$"chart is one of {string.Join(", ", GroupsPerChart.Keys)}."];
        if (widget["limit"] is { } limit && !(limit is JsonValue lv && lv.TryGetValue<int>(out var n) && n > 0)) errors[path + ".limit"] = ["limit is a whole number above 0."];
        var modelKey = Text(widget["model"]);
        if (modelKey is null || !models.TryGetValue(modelKey, out var fields)) { errors[path + ".model"] = [$"The app has no model '{modelKey}'."]; return; }
        if (widget["query"] is not JsonObject query) { errors[path + ".query"] = ["A widget needs a query: {filter, groupBy, measures}."]; return; }

        var groups = query["groupBy"] as JsonArray ?? (query["groupBy"] is null ? [] : null);
        if (groups is null) errors[path + ".query.groupBy"] = ["'groupBy' is a list."];
        else
        {
            if (chart is not null && GroupsPerChart.TryGetValue(chart, out var range) && (groups.Count < range.Min || groups.Count > range.Max))
                errors[path + ".query.groupBy"] = [range.Min == range.Max ? $"A {chart} chart groups by {range.Min} field(s)." : $"A {chart} chart groups by {range.Min}–{range.Max} fields."];
            for (var g = 0; g < groups.Count; g++)
            {
                var gp = $"{path}.query.groupBy[{g}]";
                var (name, bucket) = groups[g] is JsonObject go ? (Text(go["field"]), go["bucket"] is null ? null : Text(go["bucket"]) ?? "?") : (Text(groups[g]), null);
                if (name is null) { errors[gp] = ["A group is a field name or {field, bucket}."]; continue; }
                var field = Resolve(models, fields, name);
                if (field is null) { errors[gp] = [$"'{name}' is not a field of '{modelKey}'."]; continue; }
                if (bucket is not null && !Buckets.Contains(bucket)) errors[gp + ".bucket"] = ["bucket is day, week, month, quarter or year."];
                else if (bucket is not null && field.Type is not ("date" or "datetime")) errors[gp + ".bucket"] = [$"Only dates can be bucketed; '{name}' is {field.Type}."];
            }
        }

        if (query["measures"] is not JsonArray measures || measures.Count == 0) { errors[path + ".query.measures"] = ["Give at least one measure: {op, field, as}."]; return; }
        for (var m = 0; m < measures.Count; m++)
        {
            var mp = $"{path}.query.measures[{m}]";
            var op = Text(measures[m]?["op"]);
            if (op is null || !Ops.Contains(op)) { errors[mp + ".op"] = ["op is count, sum, avg, min or max."]; continue; }
            var name = Text(measures[m]?["field"]);
            if (name is null) { if (op != "count") errors[mp + ".field"] = [$"{op} needs a field."]; continue; }
            var field = Resolve(models, fields, name);
            if (field is null) errors[mp + ".field"] = [$"'{name}' is not a field of '{modelKey}'."];
            else if (op is "sum" or "avg" && !NumberTypes.Contains(field.Type)) errors[mp + ".field"] = [$"{op} needs a number field; '{name}' is {field.Type}."];
        }
    }

    /// <summary>A field by name, a system column, or a path through many-to-one relations ("customer.region").</summary>
    private static Field? Resolve(Dictionary<string, Dictionary<string, Field>> models, Dictionary<string, Field> fields, string path)
    {
        var parts = path.Split('.');
        for (var i = 0; ; i++)
        {
            var field = fields.GetValueOrDefault(parts[i])
                ?? (SystemFields.ByName.TryGetValue(parts[i], out var system) ? new Field(system.Field.Type, null) : null);
            if (field is null || i == parts.Length - 1) return field;
            if (field.Target is null || !models.TryGetValue(field.Target, out var next)) return null;
            fields = next;
        }
    }

    private static Dictionary<string, Dictionary<string, Field>> Models(JsonObject package)
    {
        var models = new Dictionary<string, Dictionary<string, Field>>(StringComparer.Ordinal);
        foreach (var m in (package["models"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(m["key"]) is not { } key) continue;
            models[key] = (m["fields"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(f => Text(f["key"]) is not null && f["retired"]?.GetValueKind() != JsonValueKind.True)
                .GroupBy(f => Text(f["key"])!)
                .ToDictionary(g => g.Key, g => new Field(Text(g.First()["type"]) ?? "",
                    Text(g.First()["relation"]?["kind"]) == "manyToOne" ? Text(g.First()["relation"]?["model"]) : null), StringComparer.Ordinal);
        }
        return models;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
