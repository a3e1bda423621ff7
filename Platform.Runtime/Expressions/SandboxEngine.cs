using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Platform.Runtime.Expressions.Library;

namespace Platform.Runtime.Expressions;

/// <summary>
/// One Jint engine locked down for untrusted expressions: hard limits on time, statements, memory and
/// recursion, strict mode, no CLR access (no importNamespace, no .NET objects), the function library
/// as the only host functions, and every built-in object frozen so that one evaluation cannot change
/// what the next one sees. Not thread-safe: <see cref="EnginePool"/> hands it to one caller at a time.
/// </summary>
internal sealed class SandboxEngine
{
    private readonly Engine _engine;
    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<int, JsValue> _functions = new();
    private FunctionContext? _context;

    /// <summary>Set when a limit stopped a script: the engine is not reused.</summary>
    public bool Spoiled { get; set; }

    public SandboxEngine(ExpressionSettings settings, TimeZoneInfo zone)
    {
        _zone = zone;
        _engine = new Engine(o =>
        {
            o.TimeoutInterval(settings.Timeout)
             .MaxStatements(settings.MaxStatements)
             .LimitMemory(settings.MaxMemoryBytes)
             .LimitRecursion(settings.MaxRecursion)
             .Strict();
            o.TimeZone = zone;
            o.Interop.Enabled = false;
        });
        foreach (var (name, function) in FunctionLibrary.Functions)
            _engine.SetValue(name, new ClrFunction(_engine, name, (_, args) => CallLibrary(name, function, args)));
        FreezeEverythingReachable();
    }

    /// <summary>Runs a prepared expression with its variables' values (in the order of its parameters).</summary>
    public JsValue Run(PreparedExpression expression, IReadOnlyList<object?> values, FunctionContext context)
    {
        _context = context;
        if (!_functions.TryGetValue(expression.Id, out var function))
        {
            if (_functions.Count > 4_000) _functions.Clear();
            function = _engine.Evaluate(expression.Script);
            _functions[expression.Id] = function;
        }
        var args = new JsValue[values.Count];
        for (var i = 0; i < args.Length; i++) args[i] = ValueBridge.ToJs(_engine, values[i], _zone);
        return _engine.Invoke(function, JsValue.Undefined, args);
    }

    private JsValue CallLibrary(string name, Func<FunctionCall, object?> function, JsValue[] args)
    {
        var values = new object?[args.Length];
        for (var i = 0; i < args.Length; i++) values[i] = ValueBridge.ArgumentFromJs(args[i], _zone);
        try
        {
            return ValueBridge.ToJs(_engine, function(new FunctionCall(name, values, _context!)), _zone);
        }
        catch (FunctionArgumentException e)
        {
            // A JavaScript Error, so scripts can catch it and the browser evaluator reports the same text.
            throw new JavaScriptException(_engine.Intrinsics.Error, e.Message);
        }
    }

    /// <summary>Freezes the global object and everything reachable from it (prototypes, accessors, iterators).</summary>
    private void FreezeEverythingReachable()
    {
        var freeze = _engine.Evaluate("Object.freeze");
        // Objects only reachable through instances: iterator, generator and async prototypes.
        var hidden = _engine.Evaluate("""
            [[][Symbol.iterator](), ''[Symbol.iterator](), new Map().entries(), new Set().values(),
             'a'.matchAll(/a/g), (function*(){})(), (function*(){}), (async function(){}), (async function*(){}),
             (async function*(){})()]
            """);
        var pending = new Stack<ObjectInstance>();
        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
        pending.Push(_engine.Global);
        pending.Push(hidden.AsObject());
        while (pending.Count > 0)
        {
            var obj = pending.Pop();
            if (!seen.Add(obj)) continue;
            foreach (var key in obj.GetOwnPropertyKeys())
            {
                var descriptor = obj.GetOwnProperty(key);
                foreach (var v in new[] { descriptor.Value, descriptor.Get, descriptor.Set })
                    if (v is ObjectInstance child) pending.Push(child);
            }
            if (obj.Prototype is { } proto) pending.Push(proto);
            _engine.Invoke(freeze, obj);
        }
    }
}
