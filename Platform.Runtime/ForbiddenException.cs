namespace Platform.Runtime;

/// <summary>The caller is known but may not do this; the API answers 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
