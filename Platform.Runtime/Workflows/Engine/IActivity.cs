using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// One kind of workflow step. An activity reads its properties, does its work inside the burst's
/// transaction and returns the outcomes to follow, or suspends on a bookmark, or ends the instance.
/// </summary>
public interface IActivity
{
    /// <summary>The "type" in definitions, e.g. "condition".</summary>
    string Type { get; }

    /// <summary>Outcomes this activity can end with (checked at publish against the connections).</summary>
    IReadOnlyList<string> Outcomes(ActivityDefinition activity);

    /// <summary>True when the activity waits (timer, signal, response): a cycle through it is not a busy loop.</summary>
    bool Waits => false;

    /// <summary>True when the activity bounds a loop by itself (for-each): a cycle through it ends.</summary>
    bool BoundsLoop => false;

    /// <summary>True when the activity writes records: it runs inside a savepoint, so a failure leaves none of its writes behind.</summary>
    bool WritesData => false;

    Task<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>Checks the activity's own properties at publish; each message refuses the workflow.</summary>
    void Validate(ActivityDefinition activity, Action<string> error) { }

    /// <summary>Called when a bookmark this activity created is resumed; the default continues with "Done".</summary>
    Task<ActivityResult> ResumeAsync(ActivityContext context, System.Text.Json.Nodes.JsonNode? input) =>
        Task.FromResult(ActivityResult.Outcome("Done"));
}
