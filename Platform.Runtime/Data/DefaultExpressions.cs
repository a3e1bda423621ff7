using System.Text.Json.Nodes;
using Platform.Runtime.Expressions;
using Platform.Runtime.Models;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// Field defaults computed from the other values of a new record ("defaultExpression", e.g.
/// nextDateFromText(note, now())): applied on create when the client leaves the field out, before the
/// record is checked. The form runner computes the same expression live while the user types.
/// A default that gives null or fails leaves the field absent, so a required field still reports it.
/// </summary>
public sealed class DefaultExpressions(IExpressionEvaluator evaluator)
{
    public JsonObject Apply(CompiledModel m, ModelAccess access, JsonObject body, DateTimeOffset now)
    {
        JsonObject? result = null;
        Dictionary<string, object?>? variables = null;
        foreach (var f in m.ActiveFields.Values)
        {
            if (f.DefaultExpression is not { Length: > 0 } expression || body.ContainsKey(f.Key) || !f.Kind.Writable || access.Field(f.Key) != FieldAccess.Editable) continue;
            if (variables is null)
            {
                var record = new Dictionary<string, object?>();
                foreach (var key in m.ActiveFields.Keys) record[key] = body.TryGetPropertyValue(key, out var v) ? RecordVariables.Plain(v) : null;
                variables = new Dictionary<string, object?>();
                foreach (var name in FormulaOrder.Variables(m.ActiveFields.Keys)) variables[name] = name == "record" ? record : record.GetValueOrDefault(name);
            }
            JsonNode? value;
            try { value = RecordVariables.ToJson(evaluator.Evaluate(expression, variables, now)); }
            catch (ExpressionException) { continue; }
            if (value is null) continue;
            result ??= (JsonObject)body.DeepClone();
            result[f.Key] = value;
        }
        return result ?? body;
    }
}
