namespace Platform.Runtime.Expressions;

/// <summary>
/// Checks that an expression parses, without running it: model definitions refuse bad JavaScript in
/// formulas and validation rules when they are saved, not on the first write.
/// </summary>
public static class ExpressionSyntax
{
    // Parsing needs no engine; the evaluator's cache keeps what was parsed for the first evaluation.
    private static readonly JintExpressionEvaluator Parser = new();

    /// <summary>The reason the expression does not parse, or null when it does.</summary>
    public static string? Problem(string? expression, IReadOnlyList<string> variableNames)
    {
        if (string.IsNullOrWhiteSpace(expression)) return "The expression is empty.";
        try
        {
            Parser.Prepare(expression, variableNames);
            return null;
        }
        catch (ExpressionException e)
        {
            return e.Message;
        }
    }
}
