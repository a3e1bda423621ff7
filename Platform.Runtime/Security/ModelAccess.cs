using System.Text.Json.Nodes;

namespace Platform.Runtime.Security;

/// <summary>
/// What one caller may do with one model: the allowed actions, the rows they may see (a JSON filter
/// in the platform's filter language, already resolved: no $currentUser left; null means all rows)
/// and the fields' access (a field not listed is editable).
/// </summary>
public sealed record ModelAccess(
    IReadOnlySet<ModelAction> Actions,
    JsonNode? RowFilter,
    IReadOnlyDictionary<string, FieldAccess> Fields)
{
    public static readonly ModelAccess Everything = new(
        new HashSet<ModelAction>(Enum.GetValues<ModelAction>()), null, new Dictionary<string, FieldAccess>());

    public static readonly ModelAccess Nothing = new(new HashSet<ModelAction>(), null, new Dictionary<string, FieldAccess>());

    public bool Can(ModelAction action) => Actions.Contains(action);

    public FieldAccess Field(string field) => Fields.TryGetValue(field, out var a) ? a : FieldAccess.Editable;

    /// <summary>
    /// Row filters per action when they differ from <see cref="RowFilter"/> (which is the read
    /// scope): a role may read its whole department but update only its own rows.
    /// </summary>
    public IReadOnlyDictionary<ModelAction, JsonNode?>? ActionRowFilters { get; init; }

    /// <summary>The rows this action may touch: update and delete must use this, not the read filter.</summary>
    public JsonNode? RowFilterFor(ModelAction action) =>
        ActionRowFilters is not null && ActionRowFilters.TryGetValue(action, out var f) ? f : RowFilter;
}
