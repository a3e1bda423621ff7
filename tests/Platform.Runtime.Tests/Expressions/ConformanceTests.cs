using System.Text.Json;
using Platform.Runtime.Expressions;
using Platform.Runtime.Expressions.Library;

namespace Platform.Runtime.Tests.Expressions;

/// <summary>
/// tests/conformance/expressions.json run against Jint; Vitest runs the same file against the browser
/// evaluator (Platform.Designer/src/shared/expressions/conformance.test.ts). Run in a machine zone
/// other than the expressions' zone to show that results do not depend on the machine.
/// </summary>
[NonParallelizable]
public class ConformanceTests
{
    private static readonly JsonElement Vectors = Load();
    private static readonly JintExpressionEvaluator Evaluator = new(new ExpressionSettings { TimeZone = Vectors.GetProperty("zone").GetString()! });
    private string? _machineZone;

    private static JsonElement Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "conformance", "expressions.json"))) dir = dir.Parent;
        if (dir is null) throw new FileNotFoundException("tests/conformance/expressions.json not found above " + AppContext.BaseDirectory);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "tests", "conformance", "expressions.json"))).RootElement;
    }

    public static IEnumerable<TestCaseData> Cases() =>
        Vectors.GetProperty("cases").EnumerateArray().Select((c, i) =>
            new TestCaseData(c).SetName($"Conformance {i:000}: {c.GetProperty("expression").GetString()}"));

    [OneTimeSetUp]
    public void UseAnotherMachineZone()
    {
        _machineZone = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", "America/New_York");
        TimeZoneInfo.ClearCachedData();
    }

    [OneTimeTearDown]
    public void RestoreMachineZone()
    {
        Environment.SetEnvironmentVariable("TZ", _machineZone);
        TimeZoneInfo.ClearCachedData();
    }

    [Test]
    public void The_machine_zone_differs_from_the_expression_zone()
    {
        Assert.That(TimeZoneInfo.Local.BaseUtcOffset, Is.Not.EqualTo(Evaluator.Zone.BaseUtcOffset));
    }

    [Test]
    public void Server_and_browser_offer_the_same_functions()
    {
        var listed = Vectors.GetProperty("functions").EnumerateArray().Select(e => e.GetString()).Order().ToList();
        Assert.That(FunctionLibrary.Functions.Keys.Order().ToList(), Is.EqualTo(listed));
    }

    [TestCaseSource(nameof(Cases))]
    public void Jint_gives_the_expected_value(JsonElement c)
    {
        var variables = c.TryGetProperty("context", out var ctx)
            ? ctx.EnumerateObject().ToDictionary(p => p.Name, p => ValueBridge.FromJson(p.Value))
            : new Dictionary<string, object?>();
        var nowText = c.TryGetProperty("now", out var n) ? n.GetString()! : Vectors.GetProperty("now").GetString()!;
        var now = DateValue.TryRead(nowText, Evaluator.Zone)!.Value.ToInstant(Evaluator.Zone);
        var expression = c.GetProperty("expression").GetString()!;
        if (c.TryGetProperty("expectedError", out var expectedError))
        {
            var e = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(expression, variables, now))!;
            Assert.That(e.Message, Does.Contain(expectedError.GetString()).IgnoreCase);
            return;
        }
        var actual = Evaluator.Evaluate(expression, variables, now);
        Assert.That(Same(c.GetProperty("expected"), actual), Is.True,
            $"expected {c.GetProperty("expected").GetRawText()}, got {JsonSerializer.Serialize(actual)}");
    }

    /// <summary>Numbers compare as doubles (exactly), dates as the ISO strings they are, arrays and objects deeply.</summary>
    private static bool Same(JsonElement expected, object? actual) => expected.ValueKind switch
    {
        JsonValueKind.Null => actual is null,
        JsonValueKind.True => actual is true,
        JsonValueKind.False => actual is false,
        JsonValueKind.Number => actual is double d && d == expected.GetDouble(),
        JsonValueKind.String => actual is string s && s == expected.GetString(),
        JsonValueKind.Array => actual is List<object?> list && list.Count == expected.GetArrayLength()
            && expected.EnumerateArray().Select((e, i) => Same(e, list[i])).All(x => x),
        JsonValueKind.Object => actual is Dictionary<string, object?> dict && dict.Count == expected.EnumerateObject().Count()
            && expected.EnumerateObject().All(p => dict.TryGetValue(p.Name, out var v) && Same(p.Value, v)),
        _ => false,
    };
}
