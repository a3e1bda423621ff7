using System.Diagnostics.CodeAnalysis;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>Every field type by its name in model JSON.</summary>
public static class FieldTypeRegistry
{
    private static readonly Dictionary<string, FieldType> Types = new FieldType[]
    {
        new TextFieldType(), new LongTextFieldType(), new RichTextFieldType(), new NumberFieldType(),
        new DecimalFieldType(), new PercentFieldType(), new DateFieldType(), new DateTimeFieldType(),
        new BooleanFieldType(), new SingleSelectFieldType(), new MultiSelectFieldType(), new UserFieldType(),
        new DepartmentFieldType(), new RelationFieldType(), new SubTableFieldType(), new AttachmentFieldType(),
        new ImageFieldType(), new EmailFieldType(), new PhoneFieldType(), new UrlFieldType(),
        new AutoNumberFieldType(), new FormulaFieldType(), new RollupFieldType(), new LocationFieldType(),
        new RatingFieldType(),
    }.ToDictionary(t => t.Name);

    public static IEnumerable<string> Names => Types.Keys;

    public static bool TryGet(string name, [NotNullWhen(true)] out FieldType? type) => Types.TryGetValue(name, out type);

    public static FieldType Get(string name) => Types.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"Unknown field type '{name}'.");
}
