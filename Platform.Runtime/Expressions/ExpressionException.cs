namespace Platform.Runtime.Expressions;

/// <summary>An expression that could not be parsed, threw, or hit a limit; the message is for people.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
