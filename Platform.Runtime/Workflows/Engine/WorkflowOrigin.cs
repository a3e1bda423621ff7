namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// The workflow step that is writing right now (flows with the async call into the record store and
/// its change listeners). Record triggers use it so that a workflow's own writes do not start that
/// same workflow again (no self-feeding loops), and so that chains of workflows starting each other
/// stop at <see cref="MaxDepth"/> with a clear incident instead of running forever.
/// </summary>
public sealed class WorkflowOrigin
{
    public const int MaxDepth = 8;
    private static readonly AsyncLocal<WorkflowOrigin?> CurrentValue = new();

    public required string App { get; init; }
    public required string WorkflowKey { get; init; }
    public required string InstanceId { get; init; }
    /// <summary>0 for an instance started by a person or a timer, n + 1 for one started by a write of a depth-n instance.</summary>
    public required int Depth { get; init; }
    /// <summary>What the listeners decided about this step's writes, added to the step's journal entry.</summary>
    public List<string> Notes { get; } = [];

    public static WorkflowOrigin? Current => CurrentValue.Value;

    internal static void Set(WorkflowOrigin? origin) => CurrentValue.Value = origin;
}
