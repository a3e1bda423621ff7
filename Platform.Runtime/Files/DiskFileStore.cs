using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Files;

/// <summary>
/// Files under a folder (data/files/ab/abcdef…), described in lc_files. The id is a fresh UUIDv7, so
/// no user-supplied name ever becomes a path.
/// </summary>
public sealed class DiskFileStore(Database db, string root) : IFileStore
{
    public const long MaxSize = 50L * 1024 * 1024;

    public static readonly SystemTable Table = new("lc_files",
    [
        new("id", SqlType.Id, PrimaryKey: true),
        new("name", SqlType.Text, Nullable: false),
        new("content_type", SqlType.Text, Nullable: false),
        new("size", SqlType.Integer, Nullable: false),
        new("created_by", SqlType.Text),
        new("created_at", SqlType.DateTime, Nullable: false),
    ]);

    private sealed class Row
    {
        public string id { get; set; } = "";
        public string name { get; set; } = "";
        public string content_type { get; set; } = "";
        public long size { get; set; }
        public string? created_by { get; set; }
        public object created_at { get; set; } = "";
        public StoredFile ToFile() => new(id, name, content_type, size, created_by, Models.FieldTypes.DateTimeFieldType.Read(created_at));
    }

    private string PathOf(string id) => Path.Combine(root, id[..2], id);

    public async Task<StoredFile> SaveAsync(Stream content, string name, string contentType, string? createdBy, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var path = PathOf(id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        long size;
        await using (var file = File.Create(path))
        {
            var buffer = new byte[81920];
            size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > MaxSize)
                {
                    file.Close();
                    File.Delete(path);
                    throw ValidationFailedException.For("file", $"A file may have at most {MaxSize / 1024 / 1024} MB.");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        var stored = new StoredFile(id, Path.GetFileName(name).Length is > 0 and <= 255 ? Path.GetFileName(name) : "file", contentType.Length <= 255 ? contentType : "application/octet-stream", size, createdBy, DateTimeOffset.UtcNow);
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {db.Dialect.Quote("lc_files")} (id, name, content_type, size, created_by, created_at) VALUES (@Id, @Name, @ContentType, @Size, @CreatedBy, @at)",
            new { stored.Id, stored.Name, stored.ContentType, stored.Size, stored.CreatedBy, at = db.Dialect.ToParameter(stored.CreatedAt) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return stored;
    }

    public async Task<StoredFile?> FindAsync(string id, CancellationToken ct = default) =>
        (await FindManyAsync([id], ct)).FirstOrDefault();

    public async Task<IReadOnlyList<StoredFile>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        var args = new DynamicParameters();
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT id, name, content_type, size, created_by, created_at FROM {db.Dialect.Quote("lc_files")} WHERE id IN {SqlList.In(args, "ids", ids.ToList())}", args, cancellationToken: ct));
        return rows.Select(r => r.ToFile()).ToList();
    }

    public async Task<Stream?> OpenAsync(string id, CancellationToken ct = default)
    {
        if (await FindAsync(id, ct) is null) return null;
        var path = PathOf(id);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }
}
