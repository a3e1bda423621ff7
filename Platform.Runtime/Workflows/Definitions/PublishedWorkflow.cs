namespace Platform.Runtime.Workflows.Definitions;

/// <summary>A published version of a workflow of an app.</summary>
public sealed record PublishedWorkflow(string App, string Key, long Version, WorkflowDefinition Definition)
{
    /// <summary>The model a record trigger watches (read once, compared on every record change).</summary>
    public string? TriggerModel { get; } = Definition.Trigger["model"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var m) ? m : null;
}

/// <summary>A workflow as listed: its latest version and what is published.</summary>
public sealed record WorkflowSummary(string Key, string Name, string? TriggerType, long LatestVersion, string Status, long? PublishedVersion, DateTimeOffset? PublishedAt);
