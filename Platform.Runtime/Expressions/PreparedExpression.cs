using Acornima.Ast;
using Jint;

namespace Platform.Runtime.Expressions;

/// <summary>
/// An expression parsed once, for a fixed list of variable names, reusable from any thread. Hot paths
/// (conditions over many records) keep one and pass values in parameter order.
/// </summary>
public sealed class PreparedExpression
{
    private static int _nextId;

    internal PreparedExpression(JintExpressionEvaluator owner, string source, IReadOnlyList<string> parameters, Prepared<Script> script)
    {
        Owner = owner;
        Source = source;
        Parameters = parameters;
        Script = script;
        Id = Interlocked.Increment(ref _nextId);
    }

    internal JintExpressionEvaluator Owner { get; }
    internal Prepared<Script> Script { get; }
    internal int Id { get; }

    public string Source { get; }
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Evaluates with values given in the order of <see cref="Parameters"/>.</summary>
    public object? Evaluate(IReadOnlyList<object?> values, DateTimeOffset? now = null) => Owner.Run(this, values, now);

    public object? Evaluate(IReadOnlyDictionary<string, object?> variables, DateTimeOffset? now = null) =>
        Owner.Run(this, Parameters.Select(p => variables.TryGetValue(p, out var v) ? v : null).ToArray(), now);
}
