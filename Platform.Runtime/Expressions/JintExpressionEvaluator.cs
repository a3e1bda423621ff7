using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Platform.Runtime.Expressions;

/// <summary>
/// Server-side evaluation with Jint under hard limits (time, statements, memory, recursion), strict
/// mode and no CLR access. Values cross the boundary as JSON so the script never touches .NET objects.
/// </summary>
public sealed class JintExpressionEvaluator : IExpressionEvaluator
{
    public object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables, DateTimeOffset? now = null)
    {
        var engine = new Engine(o => o
            .TimeoutInterval(TimeSpan.FromMilliseconds(500))
            .MaxStatements(100_000)
            .LimitMemory(16_000_000)
            .LimitRecursion(64)
            .Strict());
        try
        {
            foreach (var (name, value) in variables)
                engine.SetValue(name, engine.Evaluate("(" + JsonSerializer.Serialize(value) + ")"));
            return ToDotNet(engine.Evaluate(expression));
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionException($"The expression threw: {Describe(e.Error)}", e);
        }
        catch (Exception e) when (e is StatementsCountOverflowException or TimeoutException or MemoryLimitExceededException or RecursionDepthOverflowException)
        {
            throw new ExpressionException($"The expression was stopped: {e.GetType().Name.Replace("Exception", "")}.", e);
        }
        catch (Exception e) when (e is Acornima.ParseErrorException or JintException)
        {
            throw new ExpressionException($"The expression is not valid: {e.Message}", e);
        }
    }

    private static string Describe(JsValue error) =>
        error.IsObject() && error.AsObject().Get("message") is { } m && !m.IsUndefined() ? m.ToString() : error.ToString();

    private static object? ToDotNet(JsValue value) => value.Type switch
    {
        Types.Undefined or Types.Null => null,
        Types.Boolean => value.AsBoolean(),
        Types.Number => value.AsNumber(),
        Types.String => value.AsString(),
        _ => value.ToObject(),
    };
}
