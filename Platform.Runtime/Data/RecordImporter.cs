using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;
using Platform.Runtime.Models;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// How to read a file: which column feeds which field (a column mapped to null is ignored on
/// purpose; a column matching no field is refused, so nothing is dropped silently), value
/// replacements per field (e.g. "GTXPro" → "GTX Pro"), whether bad rows fail the whole import
/// or are skipped and reported, and what each row does: create a record, update the record whose
/// <see cref="MatchOn"/> field (a unique field, or "id") equals the row's, or upsert (update when one
/// matches, create otherwise).
/// </summary>
public sealed record ImportOptions(
    IReadOnlyDictionary<string, string?>? Mapping = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Values = null,
    bool SkipBadRows = false,
    BulkAction Action = BulkAction.Create,
    string? MatchOn = null)
{
    public static ImportOptions Parse(JsonObject? o)
    {
        if (o is null) return new ImportOptions();
        var mapping = o["mapping"] is JsonObject m ? m.ToDictionary(x => x.Key, x => x.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null) : null;
        var values = o["values"] is JsonObject vs
            ? vs.ToDictionary(x => x.Key, x => (IReadOnlyDictionary<string, string>)((x.Value as JsonObject)?.ToDictionary(y => y.Key, y => y.Value?.ToString() ?? "") ?? new Dictionary<string, string>()))
            : null;
        var mode = o["mode"]?.ToString() ?? "allOrNothing";
        if (mode is not ("allOrNothing" or "skipBadRows")) throw ValidationFailedException.For("mode", "mode is allOrNothing or skipBadRows.");
        var action = (o["action"]?.ToString() ?? "create") switch
        {
            "create" => BulkAction.Create,
            "update" => BulkAction.Update,
            "upsert" => BulkAction.Upsert,
            _ => throw ValidationFailedException.For("action", "action is create, update or upsert."),
        };
        var matchOn = o["matchOn"] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 => v.GetValue<string>(),
            _ => throw ValidationFailedException.For("matchOn", "matchOn is the key of a unique field, or \"id\"."),
        };
        return new ImportOptions(mapping, values, mode == "skipBadRows", action, matchOn);
    }
}

/// <summary>One refused row: its line in the file (the header is line 1) and the reasons per field.</summary>
public sealed record ImportRejection(int Row, IDictionary<string, string[]> Errors);

public sealed record ImportReport(int Created, int Updated, IReadOnlyList<ImportRejection> Rejected)
{
    public JsonObject ToJson() => new()
    {
        ["created"] = Created,
        ["updated"] = Updated,
        ["rejected"] = new JsonArray(Rejected.Select(r => (JsonNode)new JsonObject
        {
            ["row"] = r.Row,
            ["errors"] = new JsonObject(r.Errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray(e.Value.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray())))),
        }).ToArray()),
    };
}

/// <summary>
/// Imports CSV (CsvHelper) or XLSX (MiniExcel) into a model: cells are converted per field type,
/// many-to-one relations are looked up by the related model's display field, and the rows go to the
/// record store's bulk write, which checks each like an API create or patch and writes the accepted
/// ones in one transaction (so audit, listeners, permissions and row scopes apply). The report
/// lists every rejected row with reasons.
/// </summary>
public sealed class RecordImporter(ModelCatalog catalog, IAccessPolicy policy, RecordStore store, RecordQuery query)
{
    public const int MaxRows = 200_000;

    public async Task<ImportReport> ImportAsync(Caller caller, string app, string model, Stream file, string format, ImportOptions options, CancellationToken ct = default)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        var m = compiledApp.Model(model);
        var access = await policy.ForModelAsync(caller, app, model, ct);
        if (!access.Can(ModelAction.Import)
            || options.Action != BulkAction.Update && !access.Can(ModelAction.Create)
            || options.Action != BulkAction.Create && !access.Can(ModelAction.Update))
            throw new ForbiddenException(options.Action == BulkAction.Create ? $"You may not import records into '{model}'." : $"You may not import updates of '{model}' records.");
        RecordStore.CheckMatchOn(m, access, options.Action, options.MatchOn);

        var (headers, rows) = format switch
        {
            "csv" => ReadCsv(file),
            "xlsx" => ReadXlsx(file),
            _ => throw ValidationFailedException.For("file", "Upload a .csv or .xlsx file."),
        };
        var (columns, idColumn) = MapColumns(m, access, headers, options);
        if (options.MatchOn is { } matchOn && (matchOn == RecordStore.MatchById ? idColumn is null : columns.All(c => c.Field.Key != matchOn)))
            throw ValidationFailedException.For("matchOn", $"No column of the file is mapped to '{matchOn}', so rows cannot be matched to records.");
        var lookups = await LoadLookupsAsync(caller, compiledApp, m, columns, rows, options, ct);

        var rejected = new List<ImportRejection>();
        var good = new List<(int Row, JsonObject Body)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var line = i + 2;
            var errors = new Dictionary<string, string[]>();
            var body = new JsonObject();
            if (idColumn is not null && Convert.ToString(rows[i].GetValueOrDefault(idColumn), CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } id) body["id"] = id;
            foreach (var (column, field) in columns)
            {
                var raw = rows[i].GetValueOrDefault(column);
                var text = raw is null ? null : Convert.ToString(raw, CultureInfo.InvariantCulture);
                if (text is not null && options.Values?.TryGetValue(field.Key, out var map) == true && map.TryGetValue(text, out var replaced)) text = replaced;
                if (string.IsNullOrWhiteSpace(text) && raw is not DateTime) continue;
                var (value, error) = field.Relation?.Kind == "manyToOne" ? Lookup(lookups, field, text!) : Cell(field, raw, text);
                if (error is not null) errors[field.Key] = [error];
                else body[field.Key] = value;
            }
            if (errors.Count > 0) rejected.Add(new ImportRejection(line, errors));
            else good.Add((line, body));
        }

        // Each row is checked and prepared once by the store; with bad cells and all-or-nothing, only checked (to report every bad row).
        var checkOnly = rejected.Count > 0 && !options.SkipBadRows;
        var result = await store.WriteManyAsync(caller, app, model, good.Select(g => g.Body).ToList(), options.Action, options.MatchOn, options.SkipBadRows, ct, checkOnly);
        foreach (var (index, errs) in result.Rejected) rejected.Add(new ImportRejection(good[index].Row, errs));
        if (rejected.Count > 0 && !options.SkipBadRows) return new ImportReport(0, 0, rejected.OrderBy(r => r.Row).ToList());
        return new ImportReport(result.Created, result.Updated, rejected.OrderBy(r => r.Row).ToList());
    }

    private static (List<string> Headers, List<Dictionary<string, object?>> Rows) ReadCsv(Stream file)
    {
        using var reader = new StreamReader(file, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw ValidationFailedException.For("file", "The file has no header row.");
        var headers = csv.HeaderRecord!.ToList();
        var rows = new List<Dictionary<string, object?>>();
        while (csv.Read())
        {
            if (rows.Count >= MaxRows) throw ValidationFailedException.For("file", $"At most {MaxRows} rows per import.");
            var row = new Dictionary<string, object?>(headers.Count);
            for (var i = 0; i < headers.Count; i++) row[headers[i]] = csv.TryGetField<string>(i, out var v) ? v : null;
            rows.Add(row);
        }
        return (headers, rows);
    }

    private static (List<string> Headers, List<Dictionary<string, object?>> Rows) ReadXlsx(Stream file)
    {
        var rows = new List<Dictionary<string, object?>>();
        List<string>? headers = null;
        try
        {
            foreach (IDictionary<string, object?> r in file.Query(useHeaderRow: true))
            {
                headers ??= r.Keys.ToList();
                if (rows.Count >= MaxRows) throw ValidationFailedException.For("file", $"At most {MaxRows} rows per import.");
                rows.Add(new Dictionary<string, object?>(r));
            }
            headers ??= file.GetColumns(useHeaderRow: true)?.Select(x => x.ToString()!).ToList() ?? [];
        }
        catch (Exception e) when (e is not ValidationFailedException and not OutOfMemoryException)
        {
            throw ValidationFailedException.For("file", "The file is not a readable XLSX workbook: " + e.Message);
        }
        return (headers, rows);
    }

    /// <summary>Column → field: explicit mapping first, then the field key or label (either language), ignoring case.</summary>
    /// <remarks>A field hidden from the caller is treated exactly like a field that does not exist.</remarks>
    /// <remarks>A column of record ids ("id") is read only when rows are matched by id (<see cref="ImportOptions.MatchOn"/>).</remarks>
    private static (List<(string Column, FieldDefinition Field)> Columns, string? IdColumn) MapColumns(CompiledModel m, ModelAccess access, List<string> headers, ImportOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var result = new List<(string, FieldDefinition)>();
        string? idColumn = null;
        foreach (var header in headers)
        {
            string? key;
            if (options.Mapping is not null && options.Mapping.TryGetValue(header, out key))
            {
                if (key is null) continue;
            }
            else if (options.MatchOn == RecordStore.MatchById && string.Equals(header, RecordStore.MatchById, StringComparison.OrdinalIgnoreCase))
                key = RecordStore.MatchById;
            else
                key = m.ActiveFields.Values.Where(f => access.Field(f.Key) != FieldAccess.Hidden).FirstOrDefault(f => string.Equals(f.Key, header, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(f.Label, header, StringComparison.OrdinalIgnoreCase) || string.Equals(f.LabelEn, header, StringComparison.OrdinalIgnoreCase))?.Key;
            if (key == RecordStore.MatchById && options.MatchOn == RecordStore.MatchById && idColumn is null)
            {
                idColumn = header;
                continue;
            }
            var field = key is null || access.Field(key) == FieldAccess.Hidden ? null : m.Field(key);
            if (field is null && key is not null)
            {
                errors[$"mapping.{header}"] = [$"Column '{header}' is mapped to '{key}', which is not a field of the model."];
                continue;
            }
            if (field is null || !field.Kind.Writable || field.Kind.Column(field) is null && field.Type != "multiSelect")
            {
                errors[$"mapping.{header}"] = [key is null
                    ? $"Column '{header}' matches no field; map it to a field, or to null to leave it out."
                    : $"Column '{header}' is mapped to '{key}', which cannot be imported."];
                continue;
            }
            result.Add((header, field));
        }
        foreach (var key in options.Mapping?.Keys ?? [])
            if (!headers.Contains(key)) errors[$"mapping.{key}"] = [$"The file has no column '{key}'."];
        if (errors.Count > 0) throw new ValidationFailedException("Some columns cannot be imported.", errors);
        return (result, idColumn);
    }

    /// <summary>For each many-to-one column: the related records by display field (as the caller may see them).</summary>
    private async Task<Dictionary<string, Dictionary<string, List<string>>>> LoadLookupsAsync(Caller caller, CompiledApp app, CompiledModel m,
        List<(string Column, FieldDefinition Field)> columns, List<Dictionary<string, object?>> rows, ImportOptions options, CancellationToken ct)
    {
        var result = new Dictionary<string, Dictionary<string, List<string>>>();
        foreach (var (column, field) in columns.Where(c => c.Field.Relation?.Kind == "manyToOne"))
        {
            var target = app.Model(field.Relation!.Model);
            var display = target.Definition.DisplayField ?? "id";
            var names = rows.Select(r => Convert.ToString(r.GetValueOrDefault(column), CultureInfo.InvariantCulture))
                .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => options.Values?.GetValueOrDefault(field.Key)?.GetValueOrDefault(s!) ?? s!).Distinct().ToList();
            var map = new Dictionary<string, List<string>>();
            foreach (var chunk in names.Chunk(500))
            {
                var page = await query.QueryAsync(caller, app.Key, target.Key, new JsonObject
                {
                    ["filter"] = new JsonObject { ["field"] = display, ["op"] = "in", ["value"] = new JsonArray(chunk.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()) },
                    ["fields"] = new JsonArray(display == "id" ? [] : [(JsonNode)display]),
                    ["page"] = new JsonObject { ["size"] = 500 },
                }, ct);
                foreach (var item in page["items"]!.AsArray())
                {
                    var name = item![display]?.ToString() ?? "";
                    if (!map.TryGetValue(name, out var ids)) map[name] = ids = [];
                    ids.Add(item["id"]!.GetValue<string>());
                }
            }
            result[field.Key] = map;
        }
        return result;
    }

    private static (JsonNode? Value, string? Error) Lookup(Dictionary<string, Dictionary<string, List<string>>> lookups, FieldDefinition field, string text)
    {
        if (!lookups[field.Key].TryGetValue(text, out var ids)) return (null, $"No {field.Relation!.Model} named '{text}'.");
        return ids.Count == 1 ? (JsonValue.Create(ids[0]), null) : (null, $"{ids.Count} {field.Relation!.Model} records are named '{text}'.");
    }

    /// <summary>A cell as the JSON value the field expects; the field type then checks it like any write.</summary>
    private static (JsonNode? Value, string? Error) Cell(FieldDefinition f, object? raw, string? text)
    {
        var t = text?.Trim() ?? "";
        switch (f.Kind.Column(f))
        {
            case SqlType.Integer or SqlType.Double or SqlType.Decimal when f.Type != "formula":
                if (raw is double or int or long or decimal) return (JsonValue.Create(Convert.ToDecimal(raw, CultureInfo.InvariantCulture)), null);
                return decimal.TryParse(t.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (JsonValue.Create(d), null) : (null, $"'{t}' is not a number.");
            case SqlType.Boolean:
                return t.ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" or "y" or "是" or "√" => (JsonValue.Create(true), null),
                    "false" or "0" or "no" or "n" or "否" => (JsonValue.Create(false), null),
                    _ => (null, $"'{t}' is not yes or no."),
                };
            case SqlType.Date:
                if (raw is DateTime dt) return (JsonValue.Create(dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null);
                return DateOnly.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? (JsonValue.Create(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null) : (null, $"'{t}' is not a date.");
            case SqlType.DateTime:
                if (raw is DateTime dtt) return (JsonValue.Create(new DateTimeOffset(DateTime.SpecifyKind(dtt, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)), null);
                return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? (JsonValue.Create(at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), null) : (null, $"'{t}' is not a date and time.");
        }
        if (f.Type == "multiSelect")
            return (new JsonArray(t.Split([';', '；', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()), null);
        return (JsonValue.Create(text), null);
    }
}
