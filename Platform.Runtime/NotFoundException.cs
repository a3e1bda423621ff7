namespace Platform.Runtime;

/// <summary>The thing asked for does not exist (or the caller may not know it does); the API answers 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);
