namespace Platform.Runtime.Files;

/// <summary>A stored file's description; the bytes are in the file store.</summary>
public sealed record StoredFile(string Id, string Name, string ContentType, long Size, string? CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Where uploaded files live (a folder on disk by default; a shared store for several nodes).</summary>
public interface IFileStore
{
    Task<StoredFile> SaveAsync(Stream content, string name, string contentType, string? createdBy, CancellationToken ct = default);
    Task<StoredFile?> FindAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<StoredFile>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default);
    Task<Stream?> OpenAsync(string id, CancellationToken ct = default);
}
