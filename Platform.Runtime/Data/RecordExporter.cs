using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using MiniExcelLibs;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// Writes the result of any records query (filter, sort, fields) to CSV or XLSX, page by page with
/// the keyset cursor, under the same permissions as the query plus the Export action.
/// </summary>
public sealed class RecordExporter(RecordQuery query, IAccessPolicy policy)
{
    public const int MaxRows = 1_000_000;

    public async Task ExportAsync(Caller caller, string app, string model, JsonObject request, string format, Stream output, CancellationToken ct = default)
    {
        var access = await policy.ForModelAsync(caller, app, model, ct);
        if (!access.Can(ModelAction.Export)) throw new ForbiddenException($"You may not export records of '{model}'.");
        if (format is not ("csv" or "xlsx")) throw ValidationFailedException.For("format", "format is csv or xlsx.");
        var rows = new List<Dictionary<string, object?>>();
        List<string>? columns = null;
        string? after = null;
        do
        {
            var page = new JsonObject { ["size"] = RecordQuery.MaxPageSize };
            if (after is not null) page["after"] = after;
            var q = new JsonObject { ["filter"] = request["filter"]?.DeepClone(), ["sort"] = request["sort"]?.DeepClone(), ["fields"] = request["fields"]?.DeepClone(), ["page"] = page };
            var result = await query.QueryAsync(caller, app, model, q, ct, ModelAction.Export);
            foreach (var item in result["items"]!.AsArray().Cast<JsonObject>())
            {
                columns ??= item.Select(p => p.Key).ToList();
                rows.Add(columns.ToDictionary(c => c, c => Cell(item[c])));
                if (rows.Count > MaxRows) throw ValidationFailedException.For("filter", $"An export holds at most {MaxRows} rows; narrow the filter.");
            }
            after = result["next"]?.GetValue<string>();
        } while (after is not null);
        columns ??= ["id"];

        if (format == "csv")
        {
            await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
            await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (var c in columns) csv.WriteField(c);
            await csv.NextRecordAsync();
            foreach (var row in rows)
            {
                foreach (var c in columns) csv.WriteField(Convert.ToString(row[c], CultureInfo.InvariantCulture));
                await csv.NextRecordAsync();
            }
        }
        else
        {
            var sheet = rows.Count > 0 ? rows.Select(r => (IDictionary<string, object?>)r).ToList()
                : [columns.ToDictionary(c => c, _ => (object?)null)];
            await output.SaveAsAsync(sheet, cancellationToken: ct);
        }
    }

    /// <summary>Scalars as themselves; lists and objects (sub-table lines, files) as compact JSON.</summary>
    private static object? Cell(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonArray a when a.All(x => x is JsonValue) => string.Join("; ", a.Select(x => x!.ToString())),
        _ => node.ToJsonString(),
    };
}
