using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// The filter language of docs/filters.md evaluated in memory against a record's JSON (trigger
/// conditions see the values before and after a change, so no query is needed). Dotted fields walk
/// nested objects when the record carries them.
/// </summary>
public static class RecordFilter
{
    private static readonly HashSet<string> Operators = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "startsWith", "isEmpty", "between"];

    public static bool Matches(JsonNode? filter, JsonObject? record)
    {
        switch (filter)
        {
            case null: return true;
            case JsonObject o when o["and"] is JsonArray all: return all.All(f => Matches(f, record));
            case JsonObject o when o["or"] is JsonArray any: return any.Any(f => Matches(f, record));
            case JsonObject o when o.ContainsKey("not"): return !Matches(o["not"], record);
            case JsonObject o when o["field"] is JsonValue field:
                return Compare(Field(record, field.GetValue<string>()), o["op"]?.GetValue<string>() ?? "eq", o["value"]);
            default: throw new ValidationFailedException("The filter is not valid.", new Dictionary<string, string[]> { ["filter"] = [$"Not a filter: {filter.ToJsonString()}"] });
        }
    }

    /// <summary>Problems with a filter's shape (for publish-time checks); empty when it is well formed.</summary>
    public static IEnumerable<string> Problems(JsonNode? filter)
    {
        switch (filter)
        {
            case null: yield break;
            case JsonObject o when o["and"] is JsonArray all: foreach (var p in all.SelectMany(Problems)) yield return p; yield break;
            case JsonObject o when o["or"] is JsonArray any: foreach (var p in any.SelectMany(Problems)) yield return p; yield break;
            case JsonObject o when o.ContainsKey("not"): foreach (var p in Problems(o["not"])) yield return p; yield break;
            case JsonObject o when o["field"] is JsonValue:
                var op = o["op"]?.GetValue<string>() ?? "eq";
                if (!Operators.Contains(op)) yield return $"Unknown operator '{op}'.";
                else if (op is "in" or "between" && o["value"] is not JsonArray) yield return $"'{op}' needs a list value.";
                yield break;
            default: yield return $"Not a filter: {filter.ToJsonString()}"; yield break;
        }
    }

    private static JsonNode? Field(JsonObject? record, string path)
    {
        JsonNode? node = record;
        foreach (var part in path.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node;
    }

    private static bool Compare(JsonNode? actual, string op, JsonNode? expected) => op switch
    {
        "eq" => EqualValues(actual, expected),
        "ne" => !EqualValues(actual, expected),
        "gt" => Order(actual, expected) is > 0,
        "gte" => Order(actual, expected) is >= 0,
        "lt" => Order(actual, expected) is < 0,
        "lte" => Order(actual, expected) is <= 0,
        "in" => expected is JsonArray list && list.Any(e => EqualValues(actual, e)),
        "contains" => actual is JsonArray arr ? arr.Any(e => EqualValues(e, expected)) : Text(actual)?.Contains(Text(expected) ?? "\0", StringComparison.OrdinalIgnoreCase) == true,
        "startsWith" => Text(actual)?.StartsWith(Text(expected) ?? "\0", StringComparison.OrdinalIgnoreCase) == true,
        "isEmpty" => actual is null || (actual is JsonValue v && v.GetValueKind() == JsonValueKind.Null) || Text(actual) == "" || actual is JsonArray { Count: 0 },
        "between" => expected is JsonArray { Count: 2 } b && Order(actual, b[0]) is >= 0 && Order(actual, b[1]) is <= 0,
        _ => throw ValidationFailedException.For("filter", $"Unknown operator '{op}'."),
    };

    public static bool EqualValues(JsonNode? a, JsonNode? b)
    {
        if (IsNull(a) || IsNull(b)) return IsNull(a) && IsNull(b);
        if (Number(a) is { } x && Number(b) is { } y) return x == y;
        return JsonNode.DeepEquals(a, b) || (Text(a) is { } s && s == Text(b));
    }

    private static bool IsNull(JsonNode? n) => n is null || (n is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    private static int? Order(JsonNode? a, JsonNode? b)
    {
        if (IsNull(a) || IsNull(b)) return null;
        if (Number(a) is { } x && Number(b) is { } y) return x.CompareTo(y);
        if (Text(a) is { } s && Text(b) is { } t)
        {
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d1) &&
                DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d2)) return d1.CompareTo(d2);
            return string.CompareOrdinal(s, t);
        }
        return null;
    }

    // Values built in .NET (not parsed) only convert to their own type, so try the number types in turn.
    private static decimal? Number(JsonNode? n)
    {
        if (n is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        if (v.TryGetValue<decimal>(out var m)) return m;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<double>(out var d)) return (decimal)d;
        if (v.TryGetValue<float>(out var f)) return (decimal)f;
        return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
    }

    private static string? Text(JsonNode? n) => n is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;
}
