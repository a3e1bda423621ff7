using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// Imports CSV or XLSX into a model, streaming the file (<see cref="ImportSheet"/>) in chunks of
/// <see cref="ChunkRows"/> rows: cells are converted per field type, many-to-one relations are looked up by
/// the related model's display field (<see cref="ImportLookups"/>, once per chunk), and the rows go to the
/// record store's bulk writer, which checks each like an API create or patch and writes the accepted ones in
/// one transaction (so audit, listeners, permissions and row scopes apply). While a chunk is written the next
/// one is read and prepared. The report lists every rejected row with its line and reasons.
/// </summary>
public sealed class RecordImporter(ModelCatalog catalog, IAccessPolicy policy, RecordStore store, RecordQuery query)
{
    /// <summary>Rows read, checked and written together (the memory an import holds is about two chunks).</summary>
    public const int ChunkRows = 2_000;

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

        using var sheet = ImportSheet.Open(file, format);
        await using var writer = await store.BeginBulkWriteAsync(caller, app, model, options.Action, options.MatchOn, options.SkipBadRows, ct);
        var (columns, idColumn) = MapColumns(writer.Model, writer.Access, sheet.Headers, options);
        if (options.MatchOn is { } matchOn && (matchOn == RecordStore.MatchById ? idColumn is null : columns.All(c => c.Field.Key != matchOn)))
            throw ValidationFailedException.For("matchOn", $"No column of the file is mapped to '{matchOn}', so rows cannot be matched to records.");
        var rows = new ChunkReader(sheet, columns, idColumn, new ImportLookups(query, caller, writer.App, options), writer, options);

        // The next chunk is read, converted and prepared on another thread while this one is written.
        var next = Task.Run(() => rows.ReadAsync(ct), ct);
        try
        {
            while (await next is { } chunk)
            {
                next = Task.Run(() => rows.ReadAsync(ct), ct);
                foreach (var (line, errors) in chunk.Refused) writer.Reject(line, errors);
                await writer.WriteAsync(chunk.Rows, ct);
            }
        }
        finally
        {
            // A failed write leaves the read ahead running on the sheet: let it end before the sheet is closed.
            await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var result = await writer.CompleteAsync(ct);
        return new ImportReport(result.Created, result.Updated, result.Rejected.Select(r => new ImportRejection(r.Key, r.Value)).OrderBy(r => r.Row).ToList());
    }

    /// <summary>One chunk: the rows whose cells could be read, prepared for the writer, and those refused for a cell.</summary>
    private sealed record ImportChunk(RecordStore.BulkChunk Rows, List<(int Line, IDictionary<string, string[]> Errors)> Refused);

    /// <summary>Reads the sheet chunk by chunk (one read at a time) and turns each row into a record body by its line.</summary>
    private sealed class ChunkReader(ImportSheet sheet, List<(int Column, FieldDefinition Field)> columns, int? idColumn,
        ImportLookups lookups, RecordStore.BulkWriter writer, ImportOptions options)
    {
        private int _line = 2;   // the header is line 1

        public async Task<ImportChunk?> ReadAsync(CancellationToken ct)
        {
            var rows = sheet.Read(ChunkRows);
            if (rows.Count == 0) return null;
            foreach (var (column, field) in columns)
                if (field.Relation?.Kind == "manyToOne") await lookups.LoadAsync(field, column, rows, ct);
            var refused = new List<(int, IDictionary<string, string[]>)>();
            var good = new List<(int, JsonObject)>(rows.Count);
            foreach (var row in rows)
            {
                var line = _line++;
                var errors = new Dictionary<string, string[]>();
                var body = new JsonObject();
                if (idColumn is { } ic && Convert.ToString(row[ic], CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } id) body["id"] = id;
                foreach (var (column, field) in columns)
                {
                    var raw = row[column];
                    var text = raw is null ? null : Convert.ToString(raw, CultureInfo.InvariantCulture);
                    if (text is not null && options.Values?.TryGetValue(field.Key, out var map) == true && map.TryGetValue(text, out var replaced)) text = replaced;
                    if (string.IsNullOrWhiteSpace(text) && raw is not DateTime) continue;
                    var (value, error) = field.Relation?.Kind == "manyToOne" ? lookups.Resolve(field, text!) : Cell(field, raw, text);
                    if (error is not null) errors[field.Key] = [error];
                    else body[field.Key] = value;
                }
                if (errors.Count > 0) refused.Add((line, errors));
                else good.Add((line, body));
            }
            return new ImportChunk(writer.Prepare(good), refused);
        }
    }

    /// <summary>Column → field: explicit mapping first, then the field key or label (either language), ignoring case.</summary>
    /// <remarks>A field hidden from the caller is treated exactly like a field that does not exist.</remarks>
    /// <remarks>A column of record ids ("id") is read only when rows are matched by id (<see cref="ImportOptions.MatchOn"/>).</remarks>
    private static (List<(int Column, FieldDefinition Field)> Columns, int? IdColumn) MapColumns(CompiledModel m, ModelAccess access, IReadOnlyList<string> headers, ImportOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var result = new List<(int, FieldDefinition)>();
        int? idColumn = null;
        for (var column = 0; column < headers.Count; column++)
        {
            var header = headers[column];
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
                idColumn = column;
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
            result.Add((column, field));
        }
        foreach (var key in options.Mapping?.Keys ?? [])
            if (!headers.Contains(key)) errors[$"mapping.{key}"] = [$"The file has no column '{key}'."];
        if (errors.Count > 0) throw new ValidationFailedException("Some columns cannot be imported.", errors);
        return (result, idColumn);
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
