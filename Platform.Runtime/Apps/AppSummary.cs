namespace Platform.Runtime.Apps;

public sealed record AppSummary(string Key, string Name, string? TemplateKey, long Version, DateTimeOffset UpdatedAt);
