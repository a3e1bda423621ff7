using System.Text.Json.Nodes;
using Platform.Runtime.Decisions;
using Platform.Runtime.Expressions;

namespace Platform.Runtime.Tests.Decisions;

public class DecisionTableTests
{
    private readonly DecisionTableEvaluator _evaluator = new(new JintExpressionEvaluator());

    private static DecisionTable Table(string json) => DecisionTable.Parse((JsonObject)JsonNode.Parse(json)!);
    private static JsonObject In(string json) => (JsonObject)JsonNode.Parse(json)!;

    private const string Routing = """
    { "key": "lead-routing", "name": "线索分配", "hitPolicy": "first",
      "inputs": [ { "key": "score", "type": "number" }, { "key": "industry", "type": "text" }, { "key": "budget", "type": "number" } ],
      "outputs": [ { "key": "group", "type": "text" } ],
      "rules": [
        { "when": { "score": "[30..50]" }, "then": { "group": "senior" }, "note": "高分线索" },
        { "when": { "industry": "\"新能源\",\"光伏\"", "budget": "> 1000000" }, "then": { "group": "A" } },
        { "when": { "industry": "not(\"制造\")", "budget": { "expr": "budget * 2 >= 100" } }, "then": { "group": "C" } },
        { "when": { "industry": "-", "score": "" }, "then": { "group": "B" } } ] }
    """;

    [TestCase(30, "senior")]
    [TestCase(50, "senior")]
    [TestCase(29.99, "B")]
    [TestCase(50.01, "B")]
    public void A_range_includes_both_bounds_and_nothing_beyond(double score, string group)
    {
        var result = _evaluator.Evaluate(Table(Routing), In($$"""{ "score": {{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "industry": "制造", "budget": 0 }"""));
        Assert.That(result.Outputs!["group"]!.GetValue<string>(), Is.EqualTo(group));
    }

    [Test]
    public void The_first_policy_takes_the_first_matching_row_and_explains_which_cells_matched()
    {
        var result = _evaluator.Evaluate(Table(Routing), In("""{ "score": 10, "industry": "光伏", "budget": 2000000 }"""));
        Assert.That(result.Outputs!["group"]!.GetValue<string>(), Is.EqualTo("A"));
        Assert.That(result.Matches.Select(m => m.Row), Is.EqualTo(new[] { 2 }));
        Assert.That(result.Explain(), Is.EqualTo("matched row 2 (industry \"新能源\",\"光伏\" ← \"光伏\", budget > 1000000 ← 2000000)"));
    }

    [Test]
    public void Not_and_expression_cells_decide_with_all_inputs_in_scope()
    {
        var table = Table(Routing);
        Assert.That(_evaluator.Evaluate(table, In("""{ "score": 1, "industry": "零售", "budget": 60 }""")).Outputs!["group"]!.GetValue<string>(), Is.EqualTo("C"));
        Assert.That(_evaluator.Evaluate(table, In("""{ "score": 1, "industry": "零售", "budget": 40 }""")).Outputs!["group"]!.GetValue<string>(), Is.EqualTo("B"));
        Assert.That(_evaluator.Evaluate(table, In("""{ "score": 1, "industry": "制造", "budget": 60 }""")).Outputs!["group"]!.GetValue<string>(), Is.EqualTo("B"));
    }

    [Test]
    public void When_no_row_matches_there_is_no_output()
    {
        var table = Table("""
        { "key": "sign", "hitPolicy": "first", "inputs": [ { "key": "x", "type": "number" } ], "outputs": [ { "key": "y" } ],
          "rules": [ { "when": { "x": "< 0" }, "then": { "y": "negative" } } ] }
        """);
        var result = _evaluator.Evaluate(table, In("""{ "x": 5 }"""));
        Assert.That(result.Matched, Is.False);
        Assert.That(result.Outputs, Is.Null);
        Assert.That(result.Explain(), Is.EqualTo("no row matched"));
    }

    [Test]
    public void Unique_with_two_matching_rows_is_refused_naming_both_rows()
    {
        var table = Table("""
        { "key": "discount", "hitPolicy": "unique", "inputs": [ { "key": "amount", "type": "number" } ], "outputs": [ { "key": "rate", "type": "number" } ],
          "rules": [ { "when": { "amount": "[0..1000]" }, "then": { "rate": 0 } }, { "when": { "amount": ">= 1000" }, "then": { "rate": 5 } } ] }
        """);
        Assert.That(_evaluator.Evaluate(table, In("""{ "amount": 500 }""")).Outputs!["rate"]!.GetValue<decimal>(), Is.EqualTo(0m));
        var e = Assert.Throws<DecisionTableException>(() => _evaluator.Evaluate(table, In("""{ "amount": 1000 }""")));
        Assert.That(e!.Message, Does.Contain("hit policy unique, but 2 rows match").And.Contain("row 1").And.Contain("row 2"));
    }

    [Test]
    public void CollectSum_adds_the_outputs_of_every_matching_row_and_collect_lists_them()
    {
        const string rebate = """
        { "key": "rebate", "hitPolicy": "collectSum", "inputs": [ { "key": "amount", "type": "number" }, { "key": "tier", "type": "text" } ],
          "outputs": [ { "key": "percent", "type": "number" } ],
          "rules": [ { "when": { "amount": ">= 100000" }, "then": { "percent": 2 } },
                     { "when": { "tier": "\"gold\"" }, "then": { "percent": 1.5 } },
                     { "when": { "amount": "< 0" }, "then": { "percent": 50 } } ] }
        """;
        var sum = _evaluator.Evaluate(Table(rebate), In("""{ "amount": "200000", "tier": "gold" }"""));
        Assert.That(sum.Outputs!["percent"]!.GetValue<decimal>(), Is.EqualTo(3.5m));
        Assert.That(sum.Matches.Select(m => m.Row), Is.EqualTo(new[] { 1, 2 }));
        var none = _evaluator.Evaluate(Table(rebate), In("""{ "amount": 10, "tier": "silver" }"""));
        Assert.That((none.Matched, none.Outputs!["percent"]!.GetValue<decimal>()), Is.EqualTo((false, 0m)));
        var collect = _evaluator.Evaluate(Table(rebate.Replace("collectSum", "collect")), In("""{ "amount": 200000, "tier": "gold" }"""));
        Assert.That(collect.Outputs!["percent"]!.ToJsonString(), Is.EqualTo("[2,1.5]"));
    }

    [TestCase("> abc", "'abc' is neither a number nor quoted text")]
    [TestCase("[10..1]", "is empty")]
    [TestCase("\"open", "quote is not closed")]
    public void A_cell_with_bad_syntax_is_refused_naming_row_and_column(string cell, string problem)
    {
        var json = In("""{ "key": "sign", "inputs": [ { "key": "x", "type": "number" } ], "outputs": [ { "key": "y" } ], "rules": [ { "when": { "x": "" }, "then": { "y": 1 } } ] }""");
        json["rules"]![0]!["when"]!["x"] = cell;
        var e = Assert.Throws<ValidationFailedException>(() => DecisionTable.Parse(json));
        Assert.That(e!.Errors["rules[0].when.x"][0], Does.Contain("row 1, column 'x'").And.Contain(problem));
    }

    [Test]
    public void A_failing_example_is_reported_with_table_example_and_difference()
    {
        var json = In(Routing);
        json["examples"] = JsonNode.Parse("""
        [ { "name": "高分", "inputs": { "score": 35, "industry": "制造", "budget": 0 }, "expected": { "group": "senior" } },
          { "name": "光伏大单", "inputs": { "score": 10, "industry": "光伏", "budget": 5000000 }, "expected": { "group": "B" } } ]
        """);
        var e = Assert.Throws<ValidationFailedException>(() => _evaluator.RequireExamplesHold(DecisionTable.Parse(json)));
        Assert.That(e!.Errors.Keys, Is.EquivalentTo(new[] { "examples[1]" }));
        Assert.That(e.Message, Does.Contain("Example 2 \"光伏大单\" of decision table 'lead-routing' fails: group = \"B\" expected, got \"A\""));
    }
}

public class DecisionTableTemplateTests
{
    [Test]
    public void A_template_reads_its_decision_tables_folder_into_the_package_section()
    {
        var root = Path.Combine(Path.GetTempPath(), "lc-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "demo", "decision-tables"));
        try
        {
            File.WriteAllText(Path.Combine(root, "demo", "app.json"), """{ "name": "Demo" }""");
            File.WriteAllText(Path.Combine(root, "demo", "decision-tables", "rebate.json"), """{ "key": "rebate", "inputs": [], "outputs": [], "rules": [] }""");
            var package = new Platform.Runtime.Apps.TemplateCatalog(root).Load("demo")!;
            Assert.That(package["decisionTables"]!.AsArray().Select(t => t!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "rebate" }));
        }
        finally { Directory.Delete(root, true); }
    }
}
