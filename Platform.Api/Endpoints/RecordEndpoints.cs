using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Data;

namespace Platform.Api.Endpoints;

/// <summary>
/// /api/apps/{app}/models/{model}/records: create, read, patch (If-Match row version), soft delete,
/// restore, query, aggregate, history, and bulk create. Permissions are applied by the record engine.
/// </summary>
public static class RecordEndpoints
{
    public const int BulkLimit = 16 * 1024 * 1024;

    public static void MapRecordEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/models/{model}/records");

        group.MapPost("", async (string app, string model, HttpContext http, CallerResolver callers, RecordStore records, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var body = await RequestBody.ReadObjectAsync(http.Request, ct: ct);
            var created = await records.CreateAsync(caller, app, model, body, ct);
            http.Response.Headers.ETag = ETag(created);
            return Results.Json(created, statusCode: 201);
        });

        // Several records in one transaction, all or nothing, checked and inserted as one batch: {records: [...]} → {items: [...]}.
        group.MapPost("/bulk", async (string app, string model, HttpContext http, CallerResolver callers, RecordStore records, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var body = await RequestBody.ReadObjectAsync(http.Request, BulkLimit, ct);
            if (body["records"] is not JsonArray list || list.Any(x => x is not JsonObject) || list.Count is 0 or > 10_000)
                throw ValidationFailedException.For("records", "'records' is a list of 1–10,000 record objects.");
            var created = await records.CreateBulkAsync(caller, app, model, list.Cast<JsonObject>().ToList(), ct);
            return Results.Json(new JsonObject { ["items"] = new JsonArray(created.Cast<JsonNode>().ToArray()) }, statusCode: 201);
        });

        // CSV or XLSX as multipart "file", with "options" = {mapping, values, mode: allOrNothing | skipBadRows,
        // action: create | update | upsert, matchOn: unique field or "id" (update and upsert)}.
        group.MapPost("/import", async (string app, string model, HttpContext http, CallerResolver callers, RecordImporter importer, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (!http.Request.HasFormContentType) throw ValidationFailedException.For("file", "Upload the file as multipart/form-data in a field named 'file'.");
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw ValidationFailedException.For("file", "Upload the file in a field named 'file'.");
            JsonObject? options = null;
            if (form.TryGetValue("options", out var raw) && raw.ToString().Length > 0)
            {
                try { options = JsonNode.Parse(raw.ToString()) as JsonObject ?? throw ValidationFailedException.For("options", "options must be a JSON object."); }
                catch (System.Text.Json.JsonException e) { throw ValidationFailedException.For("options", "options is not valid JSON: " + e.Message); }
            }
            var format = Path.GetExtension(file.FileName).ToLowerInvariant() switch { ".csv" => "csv", ".xlsx" => "xlsx", _ => "" };
            await using var stream = file.OpenReadStream();
            var buffered = new MemoryStream();
            await stream.CopyToAsync(buffered, ct);
            buffered.Position = 0;
            var report = await importer.ImportAsync(caller, app, model, buffered, format, ImportOptions.Parse(options), ct);
            var json = report.ToJson();
            if (report.Created + report.Updated == 0 && report.Rejected.Count > 0)
            {
                // Nothing imported: a 400 problem that still carries the full report.
                json["title"] = $"{report.Rejected.Count} rows were refused, so nothing was imported.";
                json["status"] = 400;
                json["errors"] = new JsonObject(report.Rejected.Take(100).SelectMany(r => r.Errors.Select(e =>
                    KeyValuePair.Create($"rows[{r.Row}].{e.Key}", (JsonNode?)new JsonArray(e.Value.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray())))));
                return Results.Json(json, statusCode: 400, contentType: "application/problem+json");
            }
            return Results.Json(json, statusCode: report.Created > 0 ? 201 : 200);
        }).DisableAntiforgery();

        // {filter, sort, fields, format: csv | xlsx} → the file.
        group.MapPost("/export", async (string app, string model, HttpContext http, CallerResolver callers, RecordExporter exporter, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var body = await RequestBody.ReadObjectAsync(http.Request, ct: ct);
            var format = body["format"]?.ToString() ?? "csv";
            body.Remove("format");
            var buffer = new MemoryStream();
            await exporter.ExportAsync(caller, app, model, body, format, buffer, ct);
            buffer.Position = 0;
            return Results.File(buffer, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{model}.{format}");
        });

        group.MapGet("/{id}", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordStore records, CancellationToken ct) =>
        {
            var record = await records.GetAsync(await callers.ResolveAsync(http, ct), app, model, id, ct);
            http.Response.Headers.ETag = ETag(record);
            return Results.Json(record);
        });

        group.MapPatch("/{id}", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordStore records, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var version = IfMatch(http);
            if (version is null)
                return Results.Problem(title: "PATCH needs an If-Match header with the record's rowVersion.", statusCode: 428);
            var body = await RequestBody.ReadObjectAsync(http.Request, ct: ct);
            var updated = await records.UpdateAsync(caller, app, model, id, version.Value, body, ct);
            http.Response.Headers.ETag = ETag(updated);
            return Results.Json(updated);
        });

        group.MapDelete("/{id}", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordStore records, CancellationToken ct) =>
        {
            await records.DeleteAsync(await callers.ResolveAsync(http, ct), app, model, id, IfMatch(http), ct);
            return Results.NoContent();
        });

        group.MapPost("/{id}/restore", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordStore records, CancellationToken ct) =>
            Results.Json(await records.RestoreAsync(await callers.ResolveAsync(http, ct), app, model, id, ct)));

        group.MapGet("/{id}/history", async (string app, string model, string id, HttpContext http, CallerResolver callers, RecordStore records, CancellationToken ct) =>
            Results.Json(await records.HistoryAsync(await callers.ResolveAsync(http, ct), app, model, id, ct)));

        group.MapPost("/query", async (string app, string model, HttpContext http, CallerResolver callers, RecordQuery query, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            return Results.Json(await query.QueryAsync(caller, app, model, await RequestBody.ReadObjectAsync(http.Request, ct: ct), ct));
        });

        group.MapPost("/aggregate", async (string app, string model, HttpContext http, CallerResolver callers, RecordQuery query, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            return Results.Json(await query.AggregateAsync(caller, app, model, await RequestBody.ReadObjectAsync(http.Request, ct: ct), ct));
        });
    }

    private static string ETag(JsonObject record) => $"\"{record["rowVersion"]}\"";

    /// <summary>The row version from If-Match: 3, "3" or W/"3".</summary>
    private static long? IfMatch(HttpContext http)
    {
        var raw = http.Request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0) return null;
        if (raw.StartsWith("W/")) raw = raw[2..];
        raw = raw.Trim('"');
        return long.TryParse(raw, out var v) ? v : throw ValidationFailedException.For("If-Match", "If-Match must hold the record's rowVersion.");
    }
}
