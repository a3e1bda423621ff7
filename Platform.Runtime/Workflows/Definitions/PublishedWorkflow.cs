namespace Platform.Runtime.Workflows.Definitions;

/// <summary>A published version of a workflow of an app.</summary>
public sealed record PublishedWorkflow(string App, string Key, long Version, WorkflowDefinition Definition);

/// <summary>A workflow as listed: its latest version and what is published.</summary>
public sealed record WorkflowSummary(string Key, string Name, string? TriggerType, long LatestVersion, string Status, long? PublishedVersion, DateTimeOffset? PublishedAt);
