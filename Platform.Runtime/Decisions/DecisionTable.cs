using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Apps;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Decisions;

public sealed record DecisionColumn(string Key, string Label, string Type);

public sealed record DecisionRule(int Number, IReadOnlyDictionary<string, DecisionCell> When, JsonObject Then, string? Note);

public sealed record DecisionExample(int Number, string? Name, JsonObject Inputs, JsonObject? Expected);

/// <summary>
/// A DMN-like decision table (docs/decision-tables.md): typed inputs and outputs, ordered rule rows with
/// one condition cell per input, a hit policy, and example cases that must hold before it is saved or published.
/// </summary>
public sealed class DecisionTable
{
    public static readonly string[] HitPolicies = ["first", "unique", "collect", "collectSum"];
    private static readonly string[] Types = ["number", "text", "date", "boolean"];

    public required string Key { get; init; }
    public required string Name { get; init; }
    public required string HitPolicy { get; init; }
    public required IReadOnlyList<DecisionColumn> Inputs { get; init; }
    public required IReadOnlyList<DecisionColumn> Outputs { get; init; }
    public required IReadOnlyList<DecisionRule> Rules { get; init; }
    public required IReadOnlyList<DecisionExample> Examples { get; init; }

    /// <summary>Parses and checks the structure (not the examples); errors are keyed under <paramref name="prefix"/>.</summary>
    public static DecisionTable Parse(JsonObject json, string prefix = "")
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) =>
            errors[prefix + field] = errors.TryGetValue(prefix + field, out var list) ? [.. list, message] : [message];

        var key = Text(json["key"]);
        if (!AppPackage.IsValidKey(key)) Add("key", "A decision table key must be 2–40 characters: lower-case letters, digits and '-', starting with a letter.");
        var label = $"Decision table '{key}'";
        var policy = Text(json["hitPolicy"]) ?? "first";
        if (!HitPolicies.Contains(policy)) Add("hitPolicy", $"{label}: hitPolicy must be one of {string.Join(", ", HitPolicies)}, not '{policy}'.");
        var inputs = Columns(json["inputs"], "inputs", label, Add);
        var outputs = Columns(json["outputs"], "outputs", label, Add);
        var inputKeys = inputs.Select(c => c.Key).ToHashSet();
        var outputKeys = outputs.Select(c => c.Key).ToHashSet();

        var rules = new List<DecisionRule>();
        if (json["rules"] is not JsonArray ruleList || ruleList.Count == 0) Add("rules", $"{label} needs at least one rule row.");
        else
            for (var i = 0; i < ruleList.Count; i++)
            {
                var where = $"rules[{i}]";
                if (ruleList[i] is not JsonObject rule) { Add(where, $"{label}: row {i + 1} must be an object with 'when' and 'then'."); continue; }
                var when = new Dictionary<string, DecisionCell>();
                foreach (var (input, cell) in rule["when"] as JsonObject ?? [])
                {
                    if (!inputKeys.Contains(input)) { Add($"{where}.when.{input}", $"{label}: row {i + 1} tests '{input}', which is not an input of the table."); continue; }
                    try { when[input] = DecisionCell.Parse(cell); }
                    catch (FormatException e) { Add($"{where}.when.{input}", $"{label}: row {i + 1}, column '{input}': {e.Message}."); }
                }
                if (rule["then"] is not JsonObject then) { Add($"{where}.then", $"{label}: row {i + 1} needs 'then' (output → value)."); continue; }
                foreach (var (output, value) in then)
                {
                    if (!outputKeys.Contains(output)) Add($"{where}.then.{output}", $"{label}: row {i + 1} sets '{output}', which is not an output of the table.");
                    else if (policy == "collectSum" && value is not null && !(value is JsonValue v && v.GetValueKind() == JsonValueKind.Number))
                        Add($"{where}.then.{output}", $"{label}: with hit policy collectSum, row {i + 1} must give a number for '{output}'.");
                }
                rules.Add(new DecisionRule(i + 1, when, (JsonObject)then.DeepClone(), Text(rule["note"])));
            }

        var examples = new List<DecisionExample>();
        if (json["examples"] is JsonArray exampleList)
            for (var i = 0; i < exampleList.Count; i++)
            {
                if (exampleList[i] is not JsonObject ex || ex["inputs"] is not JsonObject exInputs)
                { Add($"examples[{i}]", $"{label}: example {i + 1} needs 'inputs' (an object) and 'expected'."); continue; }
                foreach (var (input, _) in exInputs)
                    if (!inputKeys.Contains(input)) Add($"examples[{i}].inputs.{input}", $"{label}: example {i + 1} gives '{input}', which is not an input of the table.");
                var expected = ex["expected"] as JsonObject;
                if (ex["expected"] is not null and not JsonObject) Add($"examples[{i}].expected", $"{label}: example {i + 1}: 'expected' must be an object of outputs, or null for no match.");
                foreach (var (output, _) in expected ?? [])
                    if (!outputKeys.Contains(output)) Add($"examples[{i}].expected.{output}", $"{label}: example {i + 1} expects '{output}', which is not an output of the table.");
                examples.Add(new DecisionExample(i + 1, Text(ex["name"]), (JsonObject)exInputs.DeepClone(), (JsonObject?)expected?.DeepClone()));
            }
        else if (json["examples"] is not null) Add("examples", $"{label}: 'examples' must be a list.");

        if (errors.Count > 0) throw new ValidationFailedException($"{label} is not valid.", errors);
        return new DecisionTable
        {
            Key = key!, Name = Text(json["name"]) ?? key!, HitPolicy = policy, Inputs = inputs, Outputs = outputs, Rules = rules, Examples = examples,
        };
    }

    private static List<DecisionColumn> Columns(JsonNode? node, string section, string label, Action<string, string> add)
    {
        var columns = new List<DecisionColumn>();
        if (node is not JsonArray list || list.Count == 0) { add(section, $"{label} needs at least one entry in '{section}'."); return columns; }
        for (var i = 0; i < list.Count; i++)
        {
            var key = Text(list[i]?["key"]);
            if (key is null || key.Length == 0) { add($"{section}[{i}]", $"{label}: {section} entry {i + 1} needs a key."); continue; }
            if (columns.Any(c => c.Key == key)) { add($"{section}[{i}]", $"{label}: '{key}' appears twice in {section}."); continue; }
            var type = Text(list[i]?["type"]) ?? "text";
            if (!Types.Contains(type)) { add($"{section}[{i}].type", $"{label}: '{key}' has type '{type}'; use one of {string.Join(", ", Types)}."); continue; }
            columns.Add(new DecisionColumn(key, Text(list[i]?["label"]) ?? key, type));
        }
        return columns;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>An input value as the table compares it: numbers as decimal (text holding a number too, for number inputs), text, booleans.</summary>
    public object? InputValue(string key, JsonNode? node)
    {
        var type = Inputs.FirstOrDefault(c => c.Key == key)?.Type ?? "text";
        return PlainJson.ToPlain(node) switch
        {
            long l => (decimal)l,
            double d => (decimal)d,
            string s when type == "number" && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
            IDictionary<string, object?> or IList<object?> => node!.ToJsonString(),
            var plain => plain,
        };
    }
}
