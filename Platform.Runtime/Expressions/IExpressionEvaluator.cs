namespace Platform.Runtime.Expressions;

/// <summary>
/// Evaluates one JavaScript expression (formulas, defaults, conditions) with named values in scope.
/// Values in and out are plain .NET values: null, bool, double, decimal, long, string,
/// DateTimeOffset, IList&lt;object?&gt;, IDictionary&lt;string, object?&gt;.
/// A failing or hostile expression throws <see cref="ExpressionException"/>, never anything else.
/// </summary>
public interface IExpressionEvaluator
{
    object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables, DateTimeOffset? now = null);
}
