using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Runtime.Files;

/// <summary>
/// Which records point at which uploaded files (lc_file_refs, written with every record write), and
/// so who may download a file: its uploader, an administrator, or whoever can read a record whose
/// visible attachment or image field (or sub-table line) holds it. Anyone else gets 404, as if the file did not exist.
/// </summary>
public sealed class FileReferences(Database db, ModelCatalog catalog, IAccessPolicy policy, RecordStore store)
{
    public static readonly SystemTable Table = new("lc_file_refs",
    [
        new("file_id", SqlType.Id, Nullable: false),
        new("app", SqlType.Text, Nullable: false),
        new("model", SqlType.Text, Nullable: false),
        new("record_id", SqlType.Id, Nullable: false),
        new("field", SqlType.Text, Nullable: false),
    ], [new("ix_lc_file_refs_file", ["file_id"]), new("ix_lc_file_refs_record", ["app", "model", "record_id"])]);

    /// <summary>Replaces the files a record's field points at, inside the record's write transaction.</summary>
    public static async Task WriteAsync(WriteScope scope, ISqlDialect d, string app, string model, string recordId, string field, IEnumerable<string> fileIds, CancellationToken ct)
    {
        var table = d.Quote("lc_file_refs");
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {table} WHERE app = @app AND model = @model AND record_id = @recordId AND field = @field",
            new { app, model, recordId, field }, scope.Transaction, cancellationToken: ct));
        foreach (var fileId in fileIds.Distinct())
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {table} (file_id, app, model, record_id, field) VALUES (@fileId, @app, @model, @recordId, @field)",
                new { fileId, app, model, recordId, field }, scope.Transaction, cancellationToken: ct));
    }

    /// <summary>Whether the caller may download the file (see the class summary).</summary>
    public async Task<bool> CanReadAsync(Caller caller, StoredFile file, CancellationToken ct = default)
    {
        if (caller.IsAdmin || caller.IsSystem || file.CreatedBy == caller.UserId) return true;
        List<(string app, string model, string record_id, string field)> refs;
        await using (var c = await db.OpenAsync(ct))
            refs = (await c.QueryAsync<(string, string, string, string)>(new CommandDefinition(
                $"SELECT app, model, record_id, field FROM {db.Dialect.Quote("lc_file_refs")} WHERE file_id = @id", new { id = file.Id }, cancellationToken: ct))).ToList();
        foreach (var (app, model, recordId, field) in refs)
        {
            var top = field.Split('.')[0]; // "lines.scan": a file on a sub-table line follows the sub-table's visibility
            var access = await policy.ForModelAsync(caller, app, model, ct);
            if (!access.Can(ModelAction.Read) || access.Field(top) == FieldAccess.Hidden) continue;
            CompiledApp compiled;
            try { compiled = await catalog.GetAsync(app, ct); }
            catch (NotFoundException) { continue; }
            if (!compiled.Models.TryGetValue(model, out var m) || m.Field(top) is null) continue;
            await using var c = await db.OpenAsync(ct);
            if (await store.ReadFullAsync(c, null, compiled, m, caller, access, recordId, deleted: false, ct) is not null) return true;
        }
        return false;
    }
}
