namespace Platform.Runtime;

/// <summary>The write clashes with the current state (stale row version, duplicate key); the API answers 409.</summary>
public sealed class ConflictException(string message, object? current = null) : Exception(message)
{
    /// <summary>What the caller needs to merge: typically the current values of the record.</summary>
    public object? Current { get; } = current;
}
