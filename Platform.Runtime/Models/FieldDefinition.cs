using System.Text.Json.Nodes;

namespace Platform.Runtime.Models;

/// <summary>One choice of a select field.</summary>
public sealed record FieldOption(string Value, string? Label, string? LabelEn, string? Color);

/// <summary>A link to another model of the same app.</summary>
public sealed record RelationSpec(string Kind, string Model, string? Field);

/// <summary>A rollup: an aggregate over the rows a one-to-many relation points to.</summary>
public sealed record RollupSpec(string Relation, string? Field, string Op);

/// <summary>
/// A value copied from a related record ("copyFrom": "product.list_price"): the many-to-one relation field
/// beside it (in the same record or sub-table line) and the field of the record it points to.
/// </summary>
public sealed record CopySpec(string Relation, string Field)
{
    public override string ToString() => Relation + "." + Field;
}

/// <summary>A computed field: a JavaScript expression over the record's other fields.</summary>
public sealed record FormulaSpec(string Expression, string ResultType);

/// <summary>
/// One field of a model as written in the model JSON. The raw JSON is kept so that the definition
/// round-trips through the app package unchanged.
/// </summary>
public sealed class FieldDefinition
{
    public required string Key { get; init; }
    public string? Id { get; init; }
    public required string Type { get; init; }
    public string? Label { get; init; }
    public string? LabelEn { get; init; }
    public bool Required { get; init; }
    public bool Unique { get; init; }
    public JsonNode? Default { get; init; }
    /// <summary>JavaScript over the new record's other values giving the default on create (docs/models.md).</summary>
    public string? DefaultExpression { get; init; }
    /// <summary>Attachment and image fields: the file kinds accepted (".pdf", "application/pdf", "image/*").</summary>
    public IReadOnlyList<string>? Accept { get; init; }
    /// <summary>The related value the platform copies in on writes; users cannot set it (docs/models.md).</summary>
    public CopySpec? CopyFrom { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public string? RenamedFrom { get; init; }
    public string? Currency { get; init; }
    public bool Integer { get; init; }
    public IReadOnlyList<FieldOption> Options { get; init; } = [];
    public RelationSpec? Relation { get; init; }
    public IReadOnlyList<FieldDefinition>? SubFields { get; init; }
    public string? AutoNumberPattern { get; init; }
    public FormulaSpec? Formula { get; init; }
    public RollupSpec? Rollup { get; init; }
    public bool Retired { get; init; }
    public required JsonObject Json { get; init; }

    /// <summary>The field's type implementation.</summary>
    public FieldTypes.FieldType Kind => FieldTypes.FieldTypeRegistry.Get(Type);

    /// <summary>The identity that survives renames: the explicit id when given, else the key.</summary>
    public string Identity => Id ?? Key;
}
