using System.Text.Json.Nodes;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Decisions;

/// <summary>A row that matched and why: each non-empty cell with the value it was satisfied by.</summary>
public sealed record DecisionMatch(int Row, string? Note, IReadOnlyList<string> Reasons)
{
    public string Describe() =>
        $"row {Row}{(Note is { Length: > 0 } ? $" \"{Note}\"" : "")} ({(Reasons.Count == 0 ? "no conditions: matches anything" : string.Join(", ", Reasons))})";
}

/// <summary>The decision: the outputs (null when no row matched under first/unique) and the matching rows.</summary>
public sealed record DecisionResult(bool Matched, JsonObject? Outputs, IReadOnlyList<DecisionMatch> Matches)
{
    public string Explain() => Matched ? "matched " + string.Join("; ", Matches.Select(m => m.Describe())) : "no row matched";

    public JsonObject ToJson() => new()
    {
        ["matched"] = Matched,
        ["outputs"] = Outputs?.DeepClone(),
        ["rows"] = new JsonArray(Matches.Select(m => (JsonNode)new JsonObject
        {
            ["row"] = m.Row, ["note"] = m.Note, ["reasons"] = new JsonArray(m.Reasons.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
        }).ToArray()),
        ["explanation"] = Explain(),
    };
}

/// <summary>Evaluates a decision table against inputs under its hit policy.</summary>
public sealed class DecisionTableEvaluator(IExpressionEvaluator evaluator)
{
    public DecisionResult Evaluate(DecisionTable table, JsonObject inputs)
    {
        var values = table.Inputs.ToDictionary(c => c.Key, c => table.InputValue(c.Key, inputs[c.Key]));
        var matches = new List<(DecisionRule Rule, DecisionMatch Match)>();
        foreach (var rule in table.Rules)
        {
            var reasons = new List<string>();
            var all = true;
            foreach (var (input, cell) in rule.When)
            {
                if (cell.IsAny) continue;
                var value = values.GetValueOrDefault(input);
                if (!cell.Matches(value, values, evaluator)) { all = false; break; }
                reasons.Add($"{input} {cell.Text} ← {PlainJson.Describe(inputs[input])}");
            }
            if (!all) continue;
            matches.Add((rule, new DecisionMatch(rule.Number, rule.Note, reasons)));
            if (table.HitPolicy == "first") break;
        }
        if (table.HitPolicy == "unique" && matches.Count > 1)
            throw new DecisionTableException(
                $"Decision table '{table.Key}' has hit policy unique, but {matches.Count} rows match the inputs {PlainJson.Describe(inputs)}: " +
                string.Join("; ", matches.Select(m => m.Match.Describe())) + ". Make the rows exclusive or use hit policy first.");
        var found = matches.Select(m => m.Match).ToList();
        return table.HitPolicy switch
        {
            "collect" => new DecisionResult(found.Count > 0,
                new JsonObject(table.Outputs.Select(o => KeyValuePair.Create(o.Key,
                    (JsonNode?)new JsonArray(matches.Where(m => m.Rule.Then.ContainsKey(o.Key)).Select(m => m.Rule.Then[o.Key]?.DeepClone()).ToArray())))), found),
            "collectSum" => new DecisionResult(found.Count > 0,
                new JsonObject(table.Outputs.Select(o => KeyValuePair.Create(o.Key,
                    (JsonNode?)JsonValue.Create(matches.Sum(m => Number(m.Rule.Then[o.Key])))))), found),
            _ => matches.Count == 0 ? new DecisionResult(false, null, found)
                : new DecisionResult(true, Complete(table, matches[0].Rule.Then), found),
        };
    }

    /// <summary>Every output of the table is present; those a row leaves out are null.</summary>
    private static JsonObject Complete(DecisionTable table, JsonObject then) =>
        new(table.Outputs.Select(o => KeyValuePair.Create(o.Key, then[o.Key]?.DeepClone())));

    /// <summary>Runs every example; returns one message per failing example (empty when all hold).</summary>
    public IReadOnlyList<(DecisionExample Example, string Message)> CheckExamples(DecisionTable table)
    {
        var failures = new List<(DecisionExample, string)>();
        foreach (var example in table.Examples)
        {
            var name = $"Example {example.Number}{(example.Name is { Length: > 0 } n ? $" \"{n}\"" : "")} of decision table '{table.Key}'";
            DecisionResult result;
            try { result = Evaluate(table, example.Inputs); }
            catch (DecisionTableException e) { failures.Add((example, $"{name} fails: {e.Message}")); continue; }
            if (example.Expected is null)
            {
                if (result.Matched) failures.Add((example, $"{name} fails: expected no match, but {result.Explain()} giving {PlainJson.Describe(result.Outputs)}."));
                continue;
            }
            var wrong = example.Expected
                .Where(e => !SameJson(e.Value, result.Outputs?[e.Key]))
                .Select(e => $"{e.Key} = {PlainJson.Describe(e.Value)} expected, got {PlainJson.Describe(result.Outputs?[e.Key])}")
                .ToList();
            if (wrong.Count > 0) failures.Add((example, $"{name} fails: {string.Join("; ", wrong)} ({result.Explain()})."));
        }
        return failures;
    }

    /// <summary>Refuses the table while an example fails, naming the table and the example.</summary>
    public void RequireExamplesHold(DecisionTable table, string prefix = "")
    {
        var failures = CheckExamples(table);
        if (failures.Count == 0) return;
        throw new ValidationFailedException(failures[0].Message,
            failures.ToDictionary(f => $"{prefix}examples[{f.Example.Number - 1}]", f => new[] { f.Message }));
    }

    /// <summary>Checks every table of an app package (structure and examples); errors under "decisionTables.&lt;key&gt;.…".</summary>
    public void ValidatePackage(JsonObject package)
    {
        if (package["decisionTables"] is null) return;
        if (package["decisionTables"] is not JsonArray list) throw ValidationFailedException.For("decisionTables", "'decisionTables' must be a list.");
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<string>();
        string? title = null;
        for (var i = 0; i < list.Count; i++)
        {
            var prefix = $"decisionTables.{(list[i]?["key"] as JsonValue)?.ToString() ?? i.ToString()}.";
            try
            {
                if (list[i] is not JsonObject json) throw ValidationFailedException.For("", $"Decision table {i + 1} must be a JSON object.");
                var table = DecisionTable.Parse(json, prefix);
                if (!seen.Add(table.Key)) throw ValidationFailedException.For(prefix + "key", $"Decision table '{table.Key}' appears twice.");
                RequireExamplesHold(table, prefix);
            }
            catch (ValidationFailedException e)
            {
                title ??= e.Message;
                foreach (var (k, v) in e.Errors) errors[k] = v;
            }
        }
        if (errors.Count > 0) throw new ValidationFailedException(title!, errors);
    }

    private static decimal Number(JsonNode? node) => PlainJson.ToPlain(node) switch
    {
        long l => l,
        double d => (decimal)d,
        _ => 0m,
    };

    private static bool SameJson(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue x && b is JsonValue y && x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number) return Number(x) == Number(y);
        if (a is JsonArray p && b is JsonArray q) return p.Count == q.Count && p.Zip(q).All(t => SameJson(t.First, t.Second));
        return JsonNode.DeepEquals(a, b);
    }
}
