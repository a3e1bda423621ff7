namespace Platform.Runtime;

/// <summary>Input that was refused, with messages per field; the API answers 400 ProblemDetails.</summary>
public sealed class ValidationFailedException(string title, IDictionary<string, string[]> errors) : Exception(title)
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationFailedException For(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}
