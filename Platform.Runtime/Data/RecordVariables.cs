using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Data;

/// <summary>Record JSON as the plain .NET values expressions take (numbers as double, lists, dictionaries).</summary>
public static class RecordVariables
{
    public static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v => v.ToString(),
        JsonArray a => a.Select(Plain).ToList(),
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        _ => null,
    };

    /// <summary>An expression result as JSON; doubles are cut to 15 significant digits (3 * 19.99 = 59.97).</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        double d when double.IsFinite(d) => JsonValue.Create(decimal.Parse(d.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)),
        double => null,
        _ => JsonSerializer.SerializeToNode(value),
    };
}
