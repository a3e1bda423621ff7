using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Comments;

/// <summary>
/// Comments on records: text plus files uploaded through /api/files. Whoever can read the record
/// (the access policy's read permission and row filter) may read and add comments; for anyone
/// else the record, and so its comments, does not exist (404).
/// </summary>
public sealed class CommentStore(Database db, RecordStore records)
{
    public const int MaxText = 10_000;
    public const int MaxFiles = 20;

    public static readonly SystemTable Table = new("lc_comments",
    [
        new("id", SqlType.Id, PrimaryKey: true),
        new("app", SqlType.Text, Nullable: false),
        new("model", SqlType.Text, Nullable: false),
        new("record_id", SqlType.Id, Nullable: false),
        new("author_id", SqlType.Text, Nullable: false),
        new("author_name", SqlType.Text),
        new("text", SqlType.LongText, Nullable: false),
        new("files_json", SqlType.LongText),
        new("created_at", SqlType.DateTime, Nullable: false),
    ], [new("ix_lc_comments_record", ["app", "model", "record_id"])]);

    private string Q(string s) => db.Dialect.Quote(s);

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, string app, string model, string recordId, CancellationToken ct = default)
    {
        await EnsureVisibleAsync(caller, app, model, recordId, ct);
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(new CommandDefinition(
            $"SELECT id, author_id, author_name, {Q("text")}, files_json, created_at FROM {Q("lc_comments")} " +
            "WHERE app = @app AND model = @model AND record_id = @recordId ORDER BY created_at, id",
            new { app, model, recordId }, cancellationToken: ct));
        return rows.Cast<IDictionary<string, object?>>().Select(r => ToJson(
            (string)r["id"]!, (string)r["author_id"]!, r["author_name"] as string, (string)r["text"]!,
            r["files_json"] is string f ? (JsonArray)JsonNode.Parse(f)! : new JsonArray(),
            DateTimeFieldType.Read(r["created_at"]!))).ToList();
    }

    /// <summary>Adds {text, files?}; files are ids (or {id} objects) of uploaded files.</summary>
    public async Task<JsonObject> AddAsync(Caller caller, string app, string model, string recordId, JsonObject body, CancellationToken ct = default)
    {
        await EnsureVisibleAsync(caller, app, model, recordId, ct);
        var errors = new Dictionary<string, string[]>();
        var text = body["text"] switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim(),
            _ => null,
        };
        if (text is null) errors["text"] = ["'text' must be a string."];
        else if (text.Length > MaxText) errors["text"] = [$"A comment holds at most {MaxText} characters."];
        var ids = new List<string>();
        if (body["files"] is JsonArray list)
        {
            foreach (var item in list)
            {
                var id = item switch
                {
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    JsonObject o when o["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    _ => null,
                };
                if (id is null) { errors["files"] = ["'files' is a list of uploaded file ids."]; break; }
                if (!ids.Contains(id)) ids.Add(id);
            }
            if (ids.Count > MaxFiles) errors["files"] = [$"A comment holds at most {MaxFiles} files."];
        }
        else if (body["files"] is not null) errors["files"] = ["'files' is a list of uploaded file ids."];
        foreach (var key in body.Select(p => p.Key).Where(k => k is not ("text" or "files")))
            errors[key] = [$"Unknown property '{key}'; a comment has 'text' and 'files'."];
        if (errors.Count == 0 && string.IsNullOrEmpty(text) && ids.Count == 0) errors["text"] = ["Write something or attach a file."];
        if (errors.Count > 0) throw new ValidationFailedException("The comment is not valid.", errors);

        await using var scope = await db.BeginWriteAsync(ct);
        var files = new JsonArray();
        if (ids.Count > 0)
        {
            var args = new DynamicParameters();
            var stored = (await scope.Connection.QueryAsync<(string id, string name, long size, string content_type)>(new CommandDefinition(
                $"SELECT id, name, size, content_type FROM {Q("lc_files")} WHERE id IN {SqlList.In(args, "ids", ids)}",
                args, scope.Transaction, cancellationToken: ct))).ToDictionary(x => x.id);
            var missing = ids.Where(x => !stored.ContainsKey(x)).ToList();
            if (missing.Count > 0)
                throw ValidationFailedException.For("files", $"There is no uploaded file {string.Join(", ", missing.Take(5).Select(x => $"'{x}'"))}.");
            foreach (var id in ids)
            {
                var f = stored[id];
                files.Add(new JsonObject { ["id"] = f.id, ["name"] = f.name, ["size"] = f.size, ["contentType"] = f.content_type });
            }
        }
        var commentId = Guid.CreateVersion7().ToString();
        var now = DateTimeOffset.UtcNow;
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q("lc_comments")} (id, app, model, record_id, author_id, author_name, {Q("text")}, files_json, created_at) " +
            "VALUES (@id, @app, @model, @recordId, @authorId, @authorName, @text, @files, @at)",
            new { id = commentId, app, model, recordId, authorId = caller.UserId, authorName = caller.UserName, text, files = files.ToJsonString(), at = db.Dialect.ToParameter(now) },
            scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return ToJson(commentId, caller.UserId, caller.UserName, text!, files, now);
    }

    // Reading the record through the record store applies the read permission and the row filter.
    private async Task EnsureVisibleAsync(Caller caller, string app, string model, string recordId, CancellationToken ct)
    {
        try { await records.GetAsync(caller, app, model, recordId, ct); }
        catch (ForbiddenException) { throw new NotFoundException($"There is no {model} record '{recordId}'."); }
    }

    private static JsonObject ToJson(string id, string authorId, string? authorName, string text, JsonArray files, DateTimeOffset at) => new()
    {
        ["id"] = id,
        ["text"] = text,
        ["files"] = files,
        ["by"] = new JsonObject { ["id"] = authorId, ["userName"] = authorName },
        ["at"] = DateTimeFieldType.Format(at),
    };
}
