using System.Text.Json.Nodes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

public enum RecordChangeKind { Created, Updated, Deleted, Restored }

/// <summary>One committed-to-be change of one record, with the values before and after.</summary>
public sealed record RecordChange(
    string App,
    string Model,
    string RecordId,
    RecordChangeKind Kind,
    JsonObject? Before,
    JsonObject? After,
    Caller Caller,
    DateTimeOffset At)
{
    /// <summary>
    /// What the change means beyond its kind, written to the history as "action": claim, release or
    /// assign for ownership changes of the shared pool (their kind is Updated); null for a plain change.
    /// </summary>
    public string? Action { get; init; }

    /// <summary>The form a create was submitted through ("_form" in the body; not stored on the record), for form.submitted triggers.</summary>
    public string? Form { get; init; }

    /// <summary>
    /// The id of the change's audit row once <see cref="AuditLog.WriteAsync"/> wrote it (null before, for bulk writes, and
    /// for changes without one): a workflow start queued in the same transaction names that row instead of copying the values.
    /// </summary>
    public string? AuditId { get; set; }
}
