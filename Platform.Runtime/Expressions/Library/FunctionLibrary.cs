namespace Platform.Runtime.Expressions.Library;

/// <summary>
/// The functions every expression can call, by name. The browser's functions.ts exports the same
/// names with the same results (checked by tests/conformance/expressions.json).
/// </summary>
public static class FunctionLibrary
{
    public static readonly IReadOnlyDictionary<string, Func<FunctionCall, object?>> Functions = Build();

    private static Dictionary<string, Func<FunctionCall, object?>> Build()
    {
        var all = new Dictionary<string, Func<FunctionCall, object?>>(StringComparer.Ordinal);
        NumberFunctions.Register(all);
        TextFunctions.Register(all);
        DateFunctions.Register(all);
        WorkdayFunctions.Register(all);
        all["nextDateFromText"] = RelativeDateText.NextDateFromText;
        return all;
    }

    /// <summary>Calls a function from C# (formula fields, workflow conditions) with plain .NET values.</summary>
    public static object? Call(string name, FunctionContext context, params object?[] args) =>
        Functions.TryGetValue(name, out var f)
            ? f(new FunctionCall(name, args, context))
            : throw new FunctionArgumentException($"{name} is not a library function");
}
