using System.Text.Json.Nodes;
using Platform.Runtime.Expressions;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;

namespace Platform.Runtime.Data;

/// <summary>
/// Computes a record's formula fields on every write, in dependency order (a formula reading another
/// formula sees its new value). A formula that fails, or gives a value its result type refuses,
/// refuses the write with the reason under the formula's key: nothing is stored silently empty.
/// </summary>
public sealed class FormulaComputer(IExpressionEvaluator evaluator)
{
    /// <param name="values">Stored values of the write (computed formulas are added).</param>
    /// <param name="current">The record before an update (fields the write leaves alone), or null on create.</param>
    public void Compute(CompiledModel m, Dictionary<string, object?> values, JsonObject? current, Dictionary<string, string[]> errors, string prefix = "", DateTimeOffset? now = null)
    {
        var formulas = m.Definition.Formulas;
        if (formulas.Count == 0) return;
        var record = new Dictionary<string, object?>();
        if (current is not null)
            foreach (var (k, v) in current) record[k] = RecordVariables.Plain(v);
        foreach (var f in m.ActiveFields.Values)
        {
            if (values.TryGetValue(f.Key, out var v)) record[f.Key] = RecordVariables.Plain(RecordReader.StoredToJson(f, v));
            else if (current is null) record[f.Key] = f.Rollup is { Op: "count" or "sum" } ? 0d : null;
        }
        var names = FormulaOrder.Variables(m.ActiveFields.Keys);
        var variables = new Dictionary<string, object?>(names.Count);
        foreach (var name in names) variables[name] = name == "record" ? record : record.GetValueOrDefault(name);

        foreach (var f in formulas)
        {
            var problems = new List<string>();
            object? stored = null;
            try
            {
                var node = RecordVariables.ToJson(evaluator.Evaluate(f.Formula!.Expression, variables, now));
                stored = ((FormulaFieldType)f.Kind).FromComputed(node, f, problems);
                if (problems.Count > 0) problems = [$"The formula gave {node?.ToJsonString()}, which does not fit: {string.Join(" ", problems)}"];
            }
            catch (ExpressionException e)
            {
                problems.Add($"The formula could not be computed: {e.Message}");
            }
            if (problems.Count > 0)
            {
                errors[prefix + f.Key] = problems.ToArray();
                stored = null;
            }
            values[f.Key] = stored;
            var plain = RecordVariables.Plain(RecordReader.StoredToJson(f, stored));
            record[f.Key] = plain;
            if (variables.ContainsKey(f.Key)) variables[f.Key] = plain;
        }
    }
}
