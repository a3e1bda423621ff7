using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime;

namespace Platform.Api;

/// <summary>Reads a JSON object body with a size limit; anything else is a 400 with a clear message.</summary>
public static class RequestBody
{
    public const int DefaultLimit = 1024 * 1024;

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, int limit = DefaultLimit, CancellationToken ct = default)
    {
        if (request.ContentLength is { } declared && declared > limit) throw TooLarge(limit);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, (int)(request.ContentLength ?? 16 * 1024) + 1));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit) throw TooLarge(limit);
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), ct);
                if (read == 0) break;
                length += read;
                if (length > limit) throw TooLarge(limit);
            }
            if (length == 0) throw ValidationFailedException.For("$", "The request needs a JSON object body.");
            JsonNode? node;
            try { node = JsonNode.Parse(buffer.AsSpan(0, length), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }); }
            catch (JsonException e) { throw ValidationFailedException.For(e.Path ?? "$", "The body is not valid JSON: " + e.Message); }
            return node as JsonObject ?? throw ValidationFailedException.For("$", "The body must be a JSON object.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ValidationFailedException TooLarge(int limit) =>
        ValidationFailedException.For("$", $"The request body is larger than {limit / 1024} KB.");
}
