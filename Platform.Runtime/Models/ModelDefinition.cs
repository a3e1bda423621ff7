using System.Text.Json.Nodes;

namespace Platform.Runtime.Models;

/// <summary>A model (one table) as described by its JSON in the app package.</summary>
public sealed class ModelDefinition
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string? NameEn { get; init; }
    public string? DisplayField { get; init; }
    public required IReadOnlyList<FieldDefinition> Fields { get; init; }
    public required JsonObject Json { get; init; }

    /// <summary>Validation rules checked on every create and update (see <see cref="ValidationRule"/>).</summary>
    public IReadOnlyList<ValidationRule> Rules { get; init; } = [];

    /// <summary>Formula fields in the order they are computed (a formula after the formulas it reads).</summary>
    public IReadOnlyList<FieldDefinition> Formulas { get; init; } = [];

    /// <summary>Fields that are not retired: the ones the API shows and accepts.</summary>
    public IEnumerable<FieldDefinition> ActiveFields => Fields.Where(f => !f.Retired);

    public FieldDefinition? Field(string key) => Fields.FirstOrDefault(f => f.Key == key);

    public FieldDefinition? ActiveField(string key) => Fields.FirstOrDefault(f => f.Key == key && !f.Retired);

    /// <summary>Reads and checks a model JSON; throws ValidationFailedException with every problem found.</summary>
    public static ModelDefinition Parse(JsonObject json, string errorPrefix = "") =>
        ModelDefinitionParser.Parse(json, errorPrefix);
}
