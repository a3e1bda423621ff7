using System.Text.Json.Nodes;
using NJsonSchema;
using Platform.Runtime.Models;

namespace Platform.Runtime.Data;

/// <summary>
/// Everything the records engine needs about one model at one app version, built once and cached:
/// table name, stored fields, JSON Schemas, prepared validators and the SQL of the hot paths.
/// </summary>
public sealed class CompiledModel
{
    public CompiledModel(string app, long version, ModelDefinition definition, ISqlDialect d)
    {
        App = app;
        Version = version;
        Definition = definition;
        Table = ModelTableNames.Table(app, definition.Key);
        StoredFields = definition.Fields.Where(f => !f.Retired && f.Kind.Column(f) is not null).ToList();
        ActiveFields = definition.ActiveFields.ToDictionary(f => f.Key);
        HasCopiedValues = ActiveFields.Values.Any(f => f.CopyFrom is not null || f.SubFields?.Any(s => s.CopyFrom is not null) == true);
        PublishedSchema = ModelSchemaGenerator.Published(definition);
        CreateValidator = ModelSchemaGenerator.ForValidation(definition);
        var patch = ModelSchemaGenerator.ForValidation(definition);
        patch.RequiredProperties.Clear();
        PatchValidator = patch;
        CreateCheck = SchemaFastCheck.Compile(CreateValidator);
        PatchCheck = SchemaFastCheck.Compile(PatchValidator);

        InsertColumns = ModelTable.SystemColumns.Select(c => c.Name).Concat(StoredFields.Select(f => f.Key)).ToList();
    }

    public string App { get; }
    public long Version { get; }
    public ModelDefinition Definition { get; }
    public string Key => Definition.Key;
    public string Table { get; }
    public IReadOnlyList<FieldDefinition> StoredFields { get; }
    public IReadOnlyDictionary<string, FieldDefinition> ActiveFields { get; }
    /// <summary>Whether a field (or sub-table field) copies its value from a related record (<see cref="CopiedValues"/>).</summary>
    public bool HasCopiedValues { get; }
    public JsonObject PublishedSchema { get; }
    public JsonSchema CreateValidator { get; }
    public JsonSchema PatchValidator { get; }
    /// <summary>The validators' fast checks of valid writes (null when a schema uses more than they implement).</summary>
    public SchemaFastCheck? CreateCheck { get; }
    public SchemaFastCheck? PatchCheck { get; }
    /// <summary>The columns a new row sets, in the order of its values (<see cref="BulkInsert"/> builds the statement).</summary>
    public IReadOnlyList<string> InsertColumns { get; }

    public FieldDefinition? Field(string key) => ActiveFields.TryGetValue(key, out var f) ? f : null;
}

/// <summary>The compiled models of one app at one version.</summary>
public sealed class CompiledApp(string key, long version, JsonObject package, IReadOnlyDictionary<string, CompiledModel> models)
{
    public string Key { get; } = key;
    public long Version { get; } = version;
    public JsonObject Package { get; } = package;
    public IReadOnlyDictionary<string, CompiledModel> Models { get; } = models;

    public CompiledModel Model(string model) =>
        Models.TryGetValue(model, out var m) ? m : throw new NotFoundException($"Model '{model}' does not exist in app '{Key}'.");
}
