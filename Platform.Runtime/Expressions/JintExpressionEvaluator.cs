using System.Text.Json;
using System.Text.RegularExpressions;
using Acornima;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Platform.Runtime.Expressions.Calendar;
using Platform.Runtime.Expressions.Library;

namespace Platform.Runtime.Expressions;

/// <summary>
/// Server-side evaluation with Jint: expressions are prepared once and cached, run on pooled sandboxed
/// engines (<see cref="SandboxEngine"/>), and see their variables as function parameters (never as
/// globals, so nothing leaks between evaluations). An expression is a JavaScript expression
/// (<c>record.amount &gt; 1000</c>); a script with statements returns its value with <c>return</c>.
/// </summary>
public sealed partial class JintExpressionEvaluator : IExpressionEvaluator
{
    private readonly ExpressionSettings _settings;
    private readonly TimeZoneInfo _zone;
    private readonly EnginePool _pool;
    private readonly PreparedExpressionCache _cache;
    private volatile WorkCalendar _calendar;

    public JintExpressionEvaluator() : this(new ExpressionSettings()) { }

    public JintExpressionEvaluator(ExpressionSettings settings)
    {
        _settings = settings;
        _zone = settings.Zone;
        _pool = new EnginePool(settings, _zone);
        _cache = new PreparedExpressionCache(settings.MaxPreparedExpressions);
        _calendar = settings.Calendar;
    }

    public TimeZoneInfo Zone => _zone;

    /// <summary>The working-day calendar used from the next evaluation on (admin edits replace it).</summary>
    public WorkCalendar Calendar { get => _calendar; set => _calendar = value; }

    public FunctionContext ContextAt(DateTimeOffset? now) => new(now ?? DateTimeOffset.UtcNow, _zone, _calendar);

    public object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables, DateTimeOffset? now = null)
    {
        var names = variables.Keys.ToArray();
        var values = new object?[names.Length];
        for (var i = 0; i < names.Length; i++) values[i] = variables[names[i]];
        return Run(Prepare(expression, names), values, now);
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    /// <summary>Parses (or finds in the cache) an expression over these variable names.</summary>
    public PreparedExpression Prepare(string expression, IReadOnlyList<string> variableNames)
    {
        ArgumentNullException.ThrowIfNull(expression);
        foreach (var name in variableNames)
            if (!Identifier().IsMatch(name))
                throw new ExpressionException($"'{name}' cannot be used as a variable name in an expression.");
        return _cache.GetOrAdd(expression, variableNames, () => Compile(expression, variableNames));
    }

    private PreparedExpression Compile(string source, IReadOnlyList<string> names)
    {
        var parameters = string.Join(", ", names);
        var trimmed = source.Trim().TrimEnd(';').TrimEnd();
        if (trimmed.Length == 0) throw new ExpressionException("The expression is empty.");
        try
        {
            // The source starts on line 2 of the wrapper; error positions are shifted back below.
            return new(this, source, names.ToArray(), Engine.PrepareScript($"(function ({parameters}) {{ return (\n{trimmed}\n); }})", strict: true));
        }
        catch (ScriptPreparationException expressionError)
        {
            try
            {
                return new(this, source, names.ToArray(), Engine.PrepareScript($"(function ({parameters}) {{\n{source}\n}})", strict: true));
            }
            catch (ScriptPreparationException scriptError)
            {
                var chosen = source.Contains("return") || source.Contains(';') ? scriptError : expressionError;
                if (chosen.InnerException is ParseErrorException e)
                    throw new ExpressionException($"The expression is not valid: {e.Description} (line {Math.Clamp(e.LineNumber - 1, 1, source.Split('\n').Length)}, column {e.Column + 1}).", e);
                throw new ExpressionException($"The expression is not valid: {chosen.Message}", chosen);
            }
        }
    }

    internal object? Run(PreparedExpression expression, IReadOnlyList<object?> values, DateTimeOffset? now)
    {
        if (values.Count != expression.Parameters.Count)
            throw new ExpressionException($"The expression expects {expression.Parameters.Count} values, got {values.Count}.");
        var engine = _pool.Rent();
        try
        {
            return ValueBridge.FromJs(engine.Run(expression, values, ContextAt(now)), _zone);
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionException(DescribeThrown(e.Error), e);
        }
        catch (StatementsCountOverflowException e)
        {
            engine.Spoiled = true;
            throw new ExpressionException($"The expression was stopped after {_settings.MaxStatements} statements (an endless loop?).", e);
        }
        catch (TimeoutException e)
        {
            engine.Spoiled = true;
            throw new ExpressionException($"The expression was stopped after {_settings.Timeout.TotalMilliseconds} ms.", e);
        }
        catch (MemoryLimitExceededException e)
        {
            engine.Spoiled = true;
            throw new ExpressionException($"The expression was stopped: it used more than {_settings.MaxMemoryBytes / 1_000_000} MB of memory.", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            engine.Spoiled = true;
            throw new ExpressionException($"The expression was stopped: calls nested deeper than {_settings.MaxRecursion} (endless recursion?).", e);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception e)
        {
            engine.Spoiled = true;
            throw new ExpressionException($"The expression failed: {e.Message}", e);
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    /// <summary>Errors read "TypeError: …" (plain library errors just their message); other thrown values as JSON.</summary>
    private string DescribeThrown(JsValue error)
    {
        if (error is Jint.Native.Object.ObjectInstance obj && obj.HasProperty("message") && obj.HasProperty("name"))
        {
            var name = obj.Get("name").ToString();
            var message = obj.Get("message").ToString();
            return name == "Error" ? message : $"{name}: {message}";
        }
        string shown;
        try { shown = JsonSerializer.Serialize(ValueBridge.FromJs(error, _zone)); }
        catch (Exception) { shown = error.ToString(); }
        return $"The expression threw {shown}";
    }
}
