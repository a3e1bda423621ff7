namespace Platform.Runtime;

/// <summary>The caller reached a limit (e.g. the shared pool's claim limit); the API answers 429.</summary>
public sealed class TooManyRequestsException(string message) : Exception(message);
