using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>Converts between JSON nodes (how workflow state is stored) and the plain .NET values expressions take and give.</summary>
public static class PlainJson
{
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(v),
            _ => null,
        },
        _ => null,
    };

    // A value made in .NET (not parsed) only converts to its own type, so try the number types in turn.
    private static object Number(JsonValue v) =>
        v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<int>(out var i) ? (long)i
        : v.TryGetValue<double>(out var d) ? d
        : v.TryGetValue<decimal>(out var m) ? (double)m
        : double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    public static JsonNode? FromPlain(object? value) => value switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        double d when double.IsNaN(d) || double.IsInfinity(d) => null,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => JsonValue.Create((long)d),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>Truthiness as JavaScript sees it, for conditions.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        long l => l != 0,
        int i => i != 0,
        decimal m => m != 0,
        string s => s.Length > 0,
        _ => true,
    };

    public static string Describe(JsonNode? node) => node is null ? "null" : node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
