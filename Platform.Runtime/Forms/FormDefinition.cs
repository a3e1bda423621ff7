using System.Text.Json.Nodes;
using Platform.Runtime.Apps;

namespace Platform.Runtime.Forms;

/// <summary>
/// Checks a form definition (docs/forms.md) against the app it belongs to: its model exists, every
/// layout node is of a known type in a place that type may go, every field it places or a rule names
/// is a field of the model, and no field is placed twice. Errors are keyed by JSON path.
/// </summary>
public static class FormDefinition
{
    private static readonly HashSet<string> Content = ["field", "subTable", "section", "tabs", "row"];
    private static readonly HashSet<string> Actions = ["show", "hide", "require", "readOnly", "setValue", "suggest"];
    private static readonly HashSet<string> Ops = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "notIn", "contains", "startsWith", "isEmpty", "isNotEmpty"];

    public static void Validate(JsonObject form, JsonObject package)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string path, string message) => (errors.TryGetValue(path, out var l) ? l : errors[path] = []).Add(message);

        if (!AppPackage.IsValidKey(Str(form["key"]))) Add("key", "Form key must be 2–40 characters: lower-case letters, digits and '-', starting with a letter.");
        if (string.IsNullOrWhiteSpace(Str(form["name"]))) Add("name", "Form name is required.");
        var modelKey = Str(form["model"]);
        var model = AppPackage.Section(package, "models").OfType<JsonObject>().FirstOrDefault(m => Str(m["key"]) == modelKey);
        if (model is null) Add("model", $"The app has no model '{modelKey}'.");
        var fields = (model?["fields"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(f => Str(f["key"]) ?? "", f => f);
        var placed = new HashSet<string>();

        void Field(JsonObject node, string path, bool subTable)
        {
            var key = Str(node["fieldKey"]);
            if (model is null) return;
            if (key is null || !fields.TryGetValue(key, out var field)) { Add($"{path}.fieldKey", $"The model has no field '{key}'."); return; }
            if (subTable != (Str(field["type"]) == "subTable"))
                Add($"{path}.type", subTable ? $"'{key}' is not a sub-table field." : $"'{key}' is a sub-table: place it with a subTable node.");
            if (!placed.Add(key)) Add($"{path}.fieldKey", $"The field '{key}' is placed twice.");
        }

        void Nodes(JsonNode? list, string path, Func<string, bool> allowed, string where)
        {
            if (list is not JsonArray array) { Add(path, "Must be a list of layout nodes."); return; }
            for (var i = 0; i < array.Count; i++)
            {
                var p = $"{path}[{i}]";
                if (array[i] is not JsonObject node) { Add(p, "Must be an object."); continue; }
                var type = Str(node["type"]) ?? "";
                if (!allowed(type)) { Add($"{p}.type", $"A '{type}' node cannot go in {where}."); continue; }
                switch (type)
                {
                    case "field": Field(node, p, false); break;
                    case "subTable": Field(node, p, true); break;
                    case "section": case "tab": case "column": Nodes(node["children"], $"{p}.children", Content.Contains, $"a {type}"); break;
                    case "tabs": Nodes(node["children"], $"{p}.children", t => t == "tab", "tabs"); break;
                    case "row": Nodes(node["children"], $"{p}.children", t => t == "column", "a row"); break;
                }
                if (type == "column" && node["span"] is JsonValue span && (!span.TryGetValue<int>(out var s) || s is < 1 or > 24))
                    Add($"{p}.span", "A column spans 1 to 24.");
            }
        }
        Nodes(form["layout"], "layout", Content.Contains, "the form");

        void Condition(JsonNode? c, string path)
        {
            if (c is not JsonObject o) { Add(path, "A condition must be an object."); return; }
            if (o["and"] is JsonArray and) { for (var i = 0; i < and.Count; i++) Condition(and[i], $"{path}.and[{i}]"); return; }
            if (o["or"] is JsonArray or) { for (var i = 0; i < or.Count; i++) Condition(or[i], $"{path}.or[{i}]"); return; }
            if (o["not"] is { } not) { Condition(not, $"{path}.not"); return; }
            if (o["expression"] is JsonValue) return; // checked by the expression evaluator when it runs
            if (model is not null && (Str(o["field"]) is not { } f || !fields.ContainsKey(f))) Add($"{path}.field", $"The model has no field '{Str(o["field"])}'.");
            if (!Ops.Contains(Str(o["op"]) ?? "")) Add($"{path}.op", $"Unknown operator '{Str(o["op"])}'.");
        }
        if (form["rules"] is JsonArray rules)
            for (var i = 0; i < rules.Count; i++)
            {
                var p = $"rules[{i}]";
                if (rules[i] is not JsonObject rule) { Add(p, "A rule must be an object."); continue; }
                Condition(rule["when"], $"{p}.when");
                var then = rule["then"] as JsonArray ?? [];
                for (var k = 0; k < then.Count; k++)
                {
                    var action = then[k] as JsonObject;
                    if (!Actions.Contains(Str(action?["action"]) ?? "")) Add($"{p}.then[{k}].action", $"Unknown action '{Str(action?["action"])}'.");
                    if (model is not null && (Str(action?["field"]) is not { } f || !fields.ContainsKey(f))) Add($"{p}.then[{k}].field", $"The model has no field '{Str(action?["field"])}'.");
                    // suggest {from}: options of the field whose keywords occur in the text of field "from".
                    if (model is not null && action?["from"] is { } from && (Str(from) is not { } fromKey || !fields.ContainsKey(fromKey)))
                        Add($"{p}.then[{k}].from", $"The model has no field '{Str(from)}'.");
                }
            }
        else if (form["rules"] is not null) Add("rules", "Must be a list.");
        if (form["defaults"] is JsonObject defaults)
        {
            foreach (var (key, _) in defaults)
                if (model is not null && !fields.ContainsKey(key)) Add($"defaults.{key}", $"The model has no field '{key}'.");
        }
        else if (form["defaults"] is not null) Add("defaults", "Must be an object of field values.");

        PublicForm.Validate(form, model, Add);

        if (errors.Count > 0)
            throw new ValidationFailedException("The form definition is not valid.", errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
