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
    /// <summary>The form a create was submitted through ("_form" in the body; not stored on the record), for form.submitted triggers.</summary>
    public string? Form { get; init; }
}
