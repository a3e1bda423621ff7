using System.Text.Json.Nodes;

namespace Platform.Runtime.Security;

/// <summary>What one role may do with one model: actions, the rows they apply to, and per-field access.</summary>
public sealed record ModelPermission(
    IReadOnlySet<ModelAction> Actions,
    RowScope RowScope,
    JsonObject? Filter,
    IReadOnlyDictionary<string, FieldAccess> Fields)
{
    public bool Grants(ModelAction action) => Actions.Contains(action);

    /// <summary>A field not listed is editable.</summary>
    public FieldAccess Field(string field) => Fields.TryGetValue(field, out var a) ? a : FieldAccess.Editable;
}
