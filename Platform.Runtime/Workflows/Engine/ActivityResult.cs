namespace Platform.Runtime.Workflows.Engine;

/// <summary>What an activity did: continue with outcomes, wait on a bookmark, or end the instance.</summary>
public sealed record ActivityResult(IReadOnlyList<string> Outcomes, bool Suspended = false, bool EndsInstance = false)
{
    public static ActivityResult Outcome(params string[] outcomes) => new(outcomes);
    public static ActivityResult Suspend() => new([], Suspended: true);
    /// <summary>Nothing follows this arrival (a join still waiting for other branches).</summary>
    public static ActivityResult Stop() => new([]);
    public static ActivityResult End() => new([], EndsInstance: true);
}
