namespace Platform.Runtime.Models.FieldTypes;

/// <summary>Like an attachment, but every file must be an image.</summary>
public sealed class ImageFieldType : AttachmentFieldType
{
    public override string Name => "image";

    protected override string? CheckContentType(string? contentType) =>
        contentType is not null && contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? null : "Only images can be used here.";
}
