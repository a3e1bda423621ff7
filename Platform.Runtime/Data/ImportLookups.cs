using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Models;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// The related records an import's many-to-one cells name by the related model's display field, as the
/// caller may see them. Each chunk of rows asks for all its new names at once (one query per relation
/// column and 1,000 names, paged), never per row; names resolved for an earlier chunk are not asked again.
/// </summary>
public sealed class ImportLookups(RecordQuery query, Caller caller, CompiledApp app, ImportOptions options)
{
    // Relation field → display value → ids of the visible records showing it.
    private readonly Dictionary<string, Dictionary<string, List<string>>> _found = [];

    /// <summary>A cell's text as the lookup sees it: after the field's value replacements.</summary>
    public string Replaced(FieldDefinition field, string text) =>
        options.Values?.GetValueOrDefault(field.Key)?.GetValueOrDefault(text) ?? text;

    /// <summary>Looks up the names of the chunk's cells in <paramref name="column"/> that no earlier chunk asked for.</summary>
    public async Task LoadAsync(FieldDefinition field, int column, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (!_found.TryGetValue(field.Key, out var map)) _found[field.Key] = map = [];
        var asked = new HashSet<string>();
        var names = new List<string>();
        foreach (var row in rows)
        {
            var text = Convert.ToString(row[column], CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(text)) continue;
            var name = Replaced(field, text);
            if (!map.ContainsKey(name) && asked.Add(name)) names.Add(name);
        }
        if (names.Count == 0) return;
        var target = app.Model(field.Relation!.Model);
        var display = target.Definition.DisplayField ?? "id";
        foreach (var chunk in names.Chunk(FilterCompiler.MaxList))
        {
            // Every name asked gets an entry, so one that matches nothing is not asked again.
            foreach (var name in chunk) map[name] = [];
            string? after = null;
            do
            {
                var request = new JsonObject
                {
                    ["filter"] = new JsonObject { ["field"] = display, ["op"] = "in", ["value"] = new JsonArray(chunk.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()) },
                    ["fields"] = new JsonArray(display == "id" ? [] : [(JsonNode)display]),
                    ["page"] = after is null ? new JsonObject { ["size"] = RecordQuery.MaxPageSize } : new JsonObject { ["size"] = RecordQuery.MaxPageSize, ["after"] = after },
                };
                var page = await query.QueryAsync(caller, app.Key, target.Key, request, ct);
                foreach (var item in page["items"]!.AsArray())
                {
                    var name = item![display]?.ToString() ?? "";
                    if (!map.TryGetValue(name, out var ids)) map[name] = ids = [];
                    ids.Add(item["id"]!.GetValue<string>());
                }
                after = page["next"]?.GetValue<string>();
            } while (after is not null);
        }
    }

    /// <summary>The id the name stands for, or why it stands for none (no record, or several).</summary>
    public (JsonNode? Value, string? Error) Resolve(FieldDefinition field, string name)
    {
        if (!_found[field.Key].TryGetValue(name, out var ids) || ids.Count == 0) return (null, $"No {field.Relation!.Model} named '{name}'.");
        return ids.Count == 1 ? (JsonValue.Create(ids[0]), null) : (null, $"{ids.Count} {field.Relation!.Model} records are named '{name}'.");
    }
}
