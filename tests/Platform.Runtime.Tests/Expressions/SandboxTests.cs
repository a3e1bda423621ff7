using System.Diagnostics;
using Platform.Runtime.Expressions;

namespace Platform.Runtime.Tests.Expressions;

/// <summary>Hostile scripts end their own evaluation with a readable error; everything else carries on.</summary>
public class SandboxTests
{
    private static readonly JintExpressionEvaluator Evaluator = new();
    private static readonly Dictionary<string, object?> NoVariables = new();

    private static string ErrorOf(string expression)
    {
        var e = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(expression, NoVariables))!;
        return e.Message;
    }

    [Test]
    public void An_endless_loop_is_stopped()
    {
        Assert.That(ErrorOf("while (true) {}"), Does.Contain("stopped").And.Contain("statements"));
    }

    [Test]
    public void A_huge_allocation_is_stopped()
    {
        Assert.That(ErrorOf("let a = []; for (;;) a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length); return 1;"),
            Does.Contain("stopped"));
        Assert.That(ErrorOf("let s = 'xy'; while (true) s = s + s; return s.length;"), Does.Contain("stopped"));
    }

    [Test]
    public void Deep_recursion_is_stopped()
    {
        Assert.That(ErrorOf("function f(n) { return f(n + 1) + 1; } return f(0);"), Does.Contain("nested deeper than 64"));
    }

    [Test]
    public void A_thrown_object_is_shown_as_json()
    {
        Assert.That(ErrorOf("throw {x:1}"), Is.EqualTo("The expression threw {\"x\":1}"));
        Assert.That(ErrorOf("(() => { throw {x: 1, y: 'a'} })()"), Is.EqualTo("The expression threw {\"x\":1,\"y\":\"a\"}"));
        Assert.That(ErrorOf("null.x"), Does.StartWith("TypeError: "));
    }

    [Test]
    public void The_host_is_out_of_reach()
    {
        Assert.That(Evaluator.Evaluate("typeof importNamespace", NoVariables), Is.EqualTo("undefined"));
        Assert.That(Evaluator.Evaluate("typeof System", NoVariables), Is.EqualTo("undefined"));
        Assert.That(Evaluator.Evaluate("typeof require", NoVariables), Is.EqualTo("undefined"));
        Assert.That(ErrorOf("System.IO.File.ReadAllText('/etc/passwd')"), Does.Contain("ReferenceError"));
        Assert.That(ErrorOf("importNamespace('System.IO')"), Does.Contain("ReferenceError"));
        // Library functions are plain JavaScript functions: no .NET members behind them.
        Assert.That(Evaluator.Evaluate("typeof round.GetType", NoVariables), Is.EqualTo("undefined"));
    }

    [Test]
    public void One_evaluation_cannot_change_what_the_next_one_sees()
    {
        Assert.That(ErrorOf("Math.round = () => 42"), Does.Contain("TypeError"));
        Assert.That(ErrorOf("globalThis.secret = 1"), Does.Contain("TypeError"));
        Assert.That(ErrorOf("Array.prototype.includes = () => true"), Does.Contain("TypeError"));
        Assert.That(ErrorOf("undeclared = 1"), Does.Contain("ReferenceError"));
        Assert.That(Evaluator.Evaluate("typeof secret", NoVariables), Is.EqualTo("undefined"));
        Assert.That(Evaluator.Evaluate("Math.round(2.4)", NoVariables), Is.EqualTo(2.0));
        // Variables are parameters: an evaluation without `record` does not see an earlier one's record.
        Assert.That(Evaluator.Evaluate("record.a", new Dictionary<string, object?> { ["record"] = new Dictionary<string, object?> { ["a"] = 5 } }), Is.EqualTo(5.0));
        Assert.That(ErrorOf("record.a"), Does.Contain("record is not defined"));
    }

    [Test]
    public void Syntax_errors_name_the_position()
    {
        Assert.That(ErrorOf("1 +"), Does.StartWith("The expression is not valid").And.Contain("line 1"));
        Assert.That(ErrorOf("   "), Is.EqualTo("The expression is empty."));
    }

    [Test]
    public void Scripts_with_statements_return_their_value()
    {
        Assert.That(Evaluator.Evaluate("let total = 0; for (const x of items) total += x; return total;",
            new Dictionary<string, object?> { ["items"] = new List<object?> { 1, 2, 3.5 } }), Is.EqualTo(6.5));
        Assert.That(Evaluator.Evaluate("record.amount > 100;", new Dictionary<string, object?> { ["record"] = new Dictionary<string, object?> { ["amount"] = 150m } }), Is.EqualTo(true));
    }

    [Test]
    public void Hostile_scripts_do_not_disturb_concurrent_evaluations()
    {
        var record = Enumerable.Range(0, 30).ToDictionary(i => $"f{i}", i => (object?)i);
        var variables = new Dictionary<string, object?> { ["record"] = record };
        var prepared = Evaluator.Prepare("record.f3 + record.f29 > 30 && record.f0 === 0", ["record"]);
        var stop = Stopwatch.StartNew();
        var good = new List<Task<int>>();
        for (var t = 0; t < 2; t++)
            good.Add(Task.Run(() =>
            {
                var n = 0;
                while (stop.ElapsedMilliseconds < 1500) { if (prepared.Evaluate(variables) is true) n++; else return -1; }
                return n;
            }));
        var hostile = new[] { "while(true){}", "function f(){return f()+1} return f()", "let a=[];for(;;)a.push('yyyyyyyyyyyyyyyyyyyyyyyyyyyy'+a.length)", "throw {x:1}" }
            .Select(s => Task.Run(() => Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(s, NoVariables))!.Message))
            .ToArray();
        Task.WaitAll(hostile);
        var counts = good.Select(t => t.Result).ToArray();
        Assert.That(counts, Has.All.GreaterThan(100), "good evaluations kept running with the right answer");
        // Which limit bites first for the loop and the allocation depends on the machine's load.
        Assert.That(hostile[0].Result, Does.StartWith("The expression was stopped"));
        Assert.That(hostile[1].Result, Does.Contain("nested deeper than 64"));
        Assert.That(hostile[2].Result, Does.StartWith("The expression was stopped"));
        Assert.That(hostile[3].Result, Is.EqualTo("The expression threw {\"x\":1}"));
    }
}

/// <summary>Records reach scripts as plain objects whose fields are converted when read.</summary>
public class RecordValueTests
{
    private static readonly JintExpressionEvaluator Evaluator = new();

    private static object? Run(string expression, Dictionary<string, object?> record) =>
        Evaluator.Evaluate(expression, new Dictionary<string, object?> { ["record"] = record });

    private static Dictionary<string, object?> Record() => new()
    {
        ["amount"] = 12.5m, ["name"] = "张三", ["due"] = new DateOnly(2025, 10, 9),
        ["created"] = new DateTimeOffset(2025, 9, 30, 15, 30, 0, TimeSpan.Zero), ["count"] = 3L,
        ["owner"] = new Dictionary<string, object?> { ["id"] = "u1" }, ["tags"] = new List<object?> { "a", "b" }, ["none"] = null,
    };

    [Test]
    public void Behave_like_plain_objects()
    {
        Assert.That(Run("Object.keys(record).join(',')", Record()), Is.EqualTo("amount,name,due,created,count,owner,tags,none"));
        Assert.That(Run("JSON.stringify(record)", Record()),
            Is.EqualTo("{\"amount\":12.5,\"name\":\"张三\",\"due\":\"2025-10-09\",\"created\":\"2025-09-30T23:30:00+08:00\",\"count\":3,\"owner\":{\"id\":\"u1\"},\"tags\":[\"a\",\"b\"],\"none\":null}"));
        Assert.That(Run("({...record, amount: 1}).amount + record.amount", Record()), Is.EqualTo(13.5));
        Assert.That(Run("'name' in record && !('missing' in record) && record.hasOwnProperty('due')", Record()), Is.EqualTo(true));
        Assert.That(Run("let n = 0; for (const k in record) n++; return n;", Record()), Is.EqualTo(8.0));
        Assert.That(Run("record.amount = 5; delete record.name; return [record.amount, record.name, Object.keys(record).length];", Record()),
            Is.EqualTo(new List<object?> { 5.0, null, 7.0 }));
        Assert.That(Run("record.owner.id + record.tags.length + typeof record.none", Record()), Is.EqualTo("u12object"));
        Assert.That(Run("record", Record()), Is.EqualTo(new Dictionary<string, object?>
        {
            ["amount"] = 12.5, ["name"] = "张三", ["due"] = "2025-10-09", ["created"] = "2025-09-30T23:30:00+08:00", ["count"] = 3.0,
            ["owner"] = new Dictionary<string, object?> { ["id"] = "u1" }, ["tags"] = new List<object?> { "a", "b" }, ["none"] = null,
        }));
    }

    [Test]
    public void Leave_the_callers_dictionary_untouched()
    {
        var record = Record();
        Run("record.amount = 99; delete record.name; record.extra = 1; return 0;", record);
        Assert.That(record["amount"], Is.EqualTo(12.5m));
        Assert.That(record.ContainsKey("name") && !record.ContainsKey("extra"), Is.True);
    }
}
