using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// Files uploaded through /api/files and referenced by id: the value is a list of
/// {id, name, size, contentType}, kept as JSON text. The store checks every id exists.
/// </summary>
public class AttachmentFieldType : FieldType
{
    public override string Name => "attachment";
    public override bool Comparable => false;
    public override SqlType? Column(FieldDefinition f) => SqlType.LongText;

    public override JsonObject Schema(FieldDefinition f) => new()
    {
        ["type"] = "array",
        ["items"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject { ["type"] = "string", ["maxLength"] = 64 },
                ["name"] = new JsonObject { ["type"] = "string", ["maxLength"] = 255 },
                ["size"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                ["contentType"] = new JsonObject { ["type"] = "string", ["maxLength"] = 255 },
            },
            ["required"] = new JsonArray("id"),
            ["additionalProperties"] = false,
        },
    };

    protected virtual string? CheckContentType(string? contentType) => null;

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        if (value is not JsonArray array) { errors.Add("Expected a list of files."); return null; }
        var refs = new List<FileRef>();
        foreach (var item in array)
        {
            if (item is not JsonObject o || o["id"] is not JsonValue iv || iv.GetValueKind() != JsonValueKind.String) { errors.Add("Every file needs an id."); return null; }
            refs.Add(new FileRef(iv.GetValue<string>(), null, null, null));
        }
        if (f.Required && refs.Count == 0) { errors.Add("At least one file is required."); return null; }
        return new FileRefList(refs);
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => ParseJsonText(value);

    /// <summary>Whether a stored file may be used in this field; null when it may.</summary>
    public string? Accepts(string contentType) => CheckContentType(contentType);

    /// <summary>
    /// The type's own check, then the field's "accept" list (".pdf", "application/pdf", "image/*"): a file
    /// passes when its content type or its name's extension is listed. Null when it may be used.
    /// </summary>
    public string? Accepts(FieldDefinition f, string name, string contentType)
    {
        if (CheckContentType(contentType) is { } why) return why;
        if (f.Accept is not { Count: > 0 } accept) return null;
        var extension = Path.GetExtension(name);
        foreach (var a in accept)
        {
            if (a.StartsWith('.') && extension.Equals(a, StringComparison.OrdinalIgnoreCase)) return null;
            if (a.EndsWith("/*", StringComparison.Ordinal) && contentType.StartsWith(a[..^1], StringComparison.OrdinalIgnoreCase)) return null;
            if (a.Equals(contentType, StringComparison.OrdinalIgnoreCase)) return null;
        }
        return $"'{name}' is not an accepted file here (accepted: {string.Join(", ", accept)}).";
    }
}

/// <summary>A reference to an uploaded file, completed from the file store before it is saved.</summary>
public sealed record FileRef(string Id, string? Name, long? Size, string? ContentType);

/// <summary>The files of one attachment value, resolved against the file store by the record store.</summary>
public sealed record FileRefList(List<FileRef> Files);
