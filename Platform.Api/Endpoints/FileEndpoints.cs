using Platform.Runtime;
using Platform.Runtime.Files;

namespace Platform.Api.Endpoints;

/// <summary>/api/files: upload a file (multipart field "file") for attachment and image fields, and download it by id (uploader, or a reader of a record holding it).</summary>
public static class FileEndpoints
{
    public static void MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/files");

        group.MapPost("", async (HttpContext http, CallerResolver callers, IFileStore files, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (!http.Request.HasFormContentType) throw ValidationFailedException.For("file", "Upload the file as multipart/form-data in a field named 'file'.");
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw ValidationFailedException.For("file", "Upload the file in a field named 'file'.");
            await using var stream = file.OpenReadStream();
            var stored = await files.SaveAsync(stream, file.FileName, string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType, caller.UserId, ct);
            return Results.Json(new { id = stored.Id, name = stored.Name, size = stored.Size, contentType = stored.ContentType }, statusCode: 201);
        }).DisableAntiforgery();

        // The uploader, an administrator, or a reader of a record that holds the file (docs/permissions.md).
        group.MapGet("/{id}", async (string id, HttpContext http, CallerResolver callers, IFileStore files, FileReferences references, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var info = await files.FindAsync(id, ct);
            if (info is null || !await references.CanReadAsync(caller, info, ct)) throw new NotFoundException($"There is no file '{id}'.");
            var stream = await files.OpenAsync(id, ct) ?? throw new NotFoundException($"There is no file '{id}'.");
            return Results.File(stream, info.ContentType, info.Name);
        });
    }
}
