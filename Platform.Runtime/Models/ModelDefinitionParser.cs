using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Runtime.Models.FieldTypes;

namespace Platform.Runtime.Models;

/// <summary>Turns model JSON into a <see cref="ModelDefinition"/>, collecting every problem with its path.</summary>
internal sealed class ModelDefinitionParser
{
    private readonly Dictionary<string, string[]> _errors = new();

    public static ModelDefinition Parse(JsonObject json, string prefix)
    {
        var parser = new ModelDefinitionParser();
        var model = parser.ParseModel(json, prefix);
        if (parser._errors.Count > 0) throw new ValidationFailedException("The model definition is not valid.", parser._errors);
        return model;
    }

    private void Error(string path, string message)
    {
        _errors[path] = _errors.TryGetValue(path, out var list) ? [.. list, message] : [message];
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private bool Bool(JsonObject o, string name, string path)
    {
        if (o[name] is null) return false;
        if (o[name] is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        Error($"{path}.{name}", $"'{name}' must be true or false.");
        return false;
    }

    private decimal? Dec(JsonObject o, string name, string path)
    {
        if (o[name] is null) return null;
        if (o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d)) return d;
        Error($"{path}.{name}", $"'{name}' must be a number.");
        return null;
    }

    private int? Int(JsonObject o, string name, string path)
    {
        if (o[name] is null) return null;
        if (o[name] is JsonValue v && v.TryGetValue<int>(out var i) && i >= 0) return i;
        Error($"{path}.{name}", $"'{name}' must be a whole number of at least 0.");
        return null;
    }

    private ModelDefinition ParseModel(JsonObject json, string prefix)
    {
        var key = Str(json, "key");
        if (!ModelKeys.IsValid(key)) Error(prefix + "key", "Model key is not valid. " + ModelKeys.Rule);
        var name = Str(json, "name");
        if (string.IsNullOrWhiteSpace(name)) Error(prefix + "name", "Model name is required.");
        var fields = ParseFields(json["fields"], prefix + "fields", sub: false);
        var display = Str(json, "displayField");
        if (display is not null && fields.All(f => f.Key != display))
            Error(prefix + "displayField", $"displayField '{display}' is not a field of the model.");
        foreach (var f in fields.Where(f => f.Rollup is not null))
        {
            var rel = fields.FirstOrDefault(r => r.Key == f.Rollup!.Relation);
            if (rel?.Relation?.Kind != "oneToMany")
                Error($"{prefix}fields.{f.Key}.rollup.relation", $"'{f.Rollup!.Relation}' must be a one-to-many relation field of this model.");
        }
        var pool = PoolOptions.Parse(json["pool"], prefix + "pool", Error);
        var rules = ValidationRule.ParseAll(json["rules"], prefix + "rules", fields.Where(f => !f.Retired).Select(f => f.Key).ToHashSet(), Error);
        var formulas = FormulaOrder.Sort(fields, f => $"{prefix}fields[{fields.IndexOf(f)}]({f.Key})", Error);
        return new ModelDefinition { Key = key ?? "", Name = name ?? "", NameEn = Str(json, "nameEn"), DisplayField = display, Fields = fields, Json = json, Pool = pool, Rules = rules, Formulas = formulas };
    }

    private List<FieldDefinition> ParseFields(JsonNode? node, string path, bool sub)
    {
        var result = new List<FieldDefinition>();
        if (node is not JsonArray array)
        {
            Error(path, "'fields' must be a list.");
            return result;
        }
        var keys = new HashSet<string>();
        var ids = new HashSet<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject fo)
            {
                Error($"{path}[{i}]", "A field must be an object.");
                continue;
            }
            var field = ParseField(fo, $"{path}[{i}]", sub);
            if (field is null) continue;
            if (!keys.Add(field.Key)) Error($"{path}[{i}].key", $"Field key '{field.Key}' is used twice.");
            if (field.Id is not null && !ids.Add(field.Id)) Error($"{path}[{i}].id", $"Field id '{field.Id}' is used twice.");
            result.Add(field);
        }
        foreach (var f in result.Where(f => f.CopyFrom is not null))
            if (result.FirstOrDefault(r => r.Key == f.CopyFrom!.Relation)?.Relation is not { Kind: "manyToOne" })
                Error($"{path}[{result.IndexOf(f)}]({f.Key}).copyFrom", $"'{f.CopyFrom!.Relation}' must be a many-to-one relation field beside '{f.Key}'.");
        return result;
    }

    private FieldDefinition? ParseField(JsonObject o, string path, bool sub)
    {
        var key = Str(o, "key");
        var ok = true;
        if (!ModelKeys.IsValid(key)) { Error(path + ".key", "Field key is not valid. " + ModelKeys.Rule); ok = false; }
        else if (ModelKeys.SystemColumns.Contains(key!)) { Error(path + ".key", $"'{key}' is a system column name."); ok = false; }
        var type = Str(o, "type");
        if (type is null || !FieldTypeRegistry.TryGet(type, out var kind))
        {
            Error(path + ".type", $"Unknown field type '{type}'. Known: {string.Join(", ", FieldTypeRegistry.Names)}.");
            return null;
        }
        if (!ok) return null;
        path = path + "(" + key + ")";

        var options = new List<FieldOption>();
        if (o["options"] is JsonArray opts)
        {
            foreach (var opt in opts)
            {
                string? value = opt is JsonObject oo ? Str(oo, "value") : opt is JsonValue ov && ov.TryGetValue<string>(out var s) ? s : null;
                if (string.IsNullOrEmpty(value)) { Error(path + ".options", "Every option needs a non-empty text 'value'."); continue; }
                if (options.Any(x => x.Value == value)) { Error(path + ".options", $"Option '{value}' is listed twice."); continue; }
                options.Add(opt is JsonObject oj ? new FieldOption(value, Str(oj, "label"), Str(oj, "labelEn"), Str(oj, "color")) : new FieldOption(value, null, null, null));
            }
        }
        else if (o["options"] is not null) Error(path + ".options", "'options' must be a list.");

        RelationSpec? relation = null;
        if (o["relation"] is JsonObject ro)
        {
            var rk = Str(ro, "kind") ?? "manyToOne";
            if (rk is not ("manyToOne" or "oneToMany" or "manyToMany")) Error(path + ".relation.kind", "Relation kind must be manyToOne, oneToMany or manyToMany.");
            var rm = Str(ro, "model");
            if (!ModelKeys.IsValid(rm)) Error(path + ".relation.model", "Relation needs the key of the model it points to.");
            var rf = Str(ro, "field");
            if (rk == "oneToMany" && !ModelKeys.IsValid(rf)) Error(path + ".relation.field", "A one-to-many relation names the many-to-one field of the other model that points back ('field').");
            if (sub && rk != "manyToOne") Error(path + ".relation.kind", "Sub-table rows can only hold many-to-one relations.");
            relation = new RelationSpec(rk, rm ?? "", rf);
        }
        else if (type == "relation") Error(path + ".relation", "A relation field needs 'relation': {kind, model}.");

        List<FieldDefinition>? subFields = null;
        if (type == "subTable")
        {
            if (sub) Error(path + ".type", "Sub-tables cannot be nested.");
            else if (o["subTable"] is JsonObject st) subFields = ParseFields(st["fields"], path + ".subTable.fields", sub: true);
            else Error(path + ".subTable", "A sub-table field needs 'subTable': {fields: [...]}.");
        }

        string? autoPattern = null;
        if (type == "autoNumber")
        {
            autoPattern = o["autoNumber"] is JsonObject ao ? Str(ao, "pattern") : null;
            if (autoPattern is null || !AutoNumberPattern.IsValid(autoPattern))
                Error(path + ".autoNumber.pattern", "An auto-number needs a pattern with one counter such as {0000}, e.g. \"HT-{yyyyMM}-{0000}\".");
        }

        FormulaSpec? formula = null;
        if (type == "formula")
        {
            var fo = o["formula"] as JsonObject;
            var expr = fo is null ? null : Str(fo, "expression");
            var rt = (fo is null ? null : Str(fo, "resultType")) ?? "number";
            if (string.IsNullOrWhiteSpace(expr)) Error(path + ".formula.expression", "A formula needs an expression.");
            if (rt is not ("text" or "number" or "decimal" or "boolean" or "date" or "datetime")) Error(path + ".formula.resultType", "resultType must be text, number, decimal, boolean, date or datetime.");
            formula = new FormulaSpec(expr ?? "", rt);
        }

        RollupSpec? rollup = null;
        if (type == "rollup")
        {
            var ro2 = o["rollup"] as JsonObject;
            var rel = ro2 is null ? null : Str(ro2, "relation");
            var op = ro2 is null ? null : Str(ro2, "op");
            var rf = ro2 is null ? null : Str(ro2, "field");
            if (sub) Error(path + ".type", "Sub-table rows cannot hold rollups.");
            if (!ModelKeys.IsValid(rel)) Error(path + ".rollup.relation", "A rollup names a one-to-many relation field ('relation').");
            if (op is not ("sum" or "count" or "min" or "max")) Error(path + ".rollup.op", "Rollup op must be sum, count, min or max.");
            if (op != "count" && !ModelKeys.IsValid(rf)) Error(path + ".rollup.field", "A rollup other than count names a field of the related model ('field').");
            rollup = new RollupSpec(rel ?? "", rf, op ?? "count");
        }

        if (o["defaultExpression"] is { } de && (de is not JsonValue || string.IsNullOrWhiteSpace(Str(o, "defaultExpression"))))
            Error(path + ".defaultExpression", "defaultExpression must be JavaScript text, e.g. \"nextDateFromText(note, now())\".");
        else if (o["defaultExpression"] is not null && !kind.Writable)
            Error(path + ".defaultExpression", "Only a field the user writes can have a default.");

        List<string>? accept = null;
        if (o["accept"] is JsonArray acceptList && type is "attachment" or "image")
        {
            accept = acceptList.Select(a => a is JsonValue av && av.GetValueKind() == System.Text.Json.JsonValueKind.String ? av.GetValue<string>().Trim() : "").ToList();
            if (accept.Any(a => a.Length == 0 || !(a.StartsWith('.') || a.Contains('/'))))
                Error(path + ".accept", "accept lists file extensions (\".pdf\") or content types (\"application/pdf\", \"image/*\").");
        }
        else if (o["accept"] is not null) Error(path + ".accept", "accept is a list of file kinds, for attachment and image fields only.");

        CopySpec? copyFrom = null;
        if (o["copyFrom"] is not null)
        {
            var parts = (Str(o, "copyFrom") ?? "").Split('.');
            if (parts.Length != 2 || !ModelKeys.IsValid(parts[0]) || !ModelKeys.IsValid(parts[1]))
                Error(path + ".copyFrom", "copyFrom is \"<relation field>.<field of the related model>\", e.g. \"product.list_price\".");
            else copyFrom = new CopySpec(parts[0], parts[1]);
        }

        var pattern = Str(o, "pattern");
        if (pattern is not null)
        {
            try { _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)); }
            catch (ArgumentException e) { Error(path + ".pattern", $"The pattern is not a valid regular expression: {e.Message}"); }
        }

        var field = new FieldDefinition
        {
            Key = key!,
            Id = o["id"] is null ? null : o["id"]!.ToString(),
            Type = type,
            Label = Str(o, "label"),
            LabelEn = Str(o, "labelEn"),
            Required = Bool(o, "required", path),
            Unique = Bool(o, "unique", path),
            Default = o["default"]?.DeepClone(),
            DefaultExpression = Str(o, "defaultExpression"),
            Accept = accept,
            CopyFrom = copyFrom,
            Min = Dec(o, "min", path),
            Max = Dec(o, "max", path),
            MinLength = Int(o, "minLength", path),
            MaxLength = Int(o, "maxLength", path),
            Pattern = pattern,
            RenamedFrom = Str(o, "renamedFrom"),
            Currency = Str(o, "currency"),
            Integer = Bool(o, "integer", path),
            Options = options,
            Relation = relation,
            SubFields = subFields,
            AutoNumberPattern = autoPattern,
            Formula = formula,
            Rollup = rollup,
            Retired = Bool(o, "retired", path),
            Json = o,
        };
        if (field.Min is { } min && field.Max is { } max && min > max) Error(path + ".min", "min is greater than max.");
        if (field.MinLength is { } a && field.MaxLength is { } b && a > b) Error(path + ".minLength", "minLength is greater than maxLength.");
        if (field.CopyFrom is not null && (!kind.Writable || kind.Column(field) is null || type is "relation" or "attachment" or "image"))
            Error(path + ".copyFrom", $"A {type} field cannot copy a value from a related record.");
        if (field.Unique && !kind.CanBeUnique) Error(path + ".unique", $"A {type} field cannot be unique.");
        foreach (var problem in kind.Check(field)) Error(path, problem);
        if (field.Default is not null && kind.Writable)
        {
            var errors = new List<string>();
            FieldValueChecker.Check(field, field.Default, errors);
            foreach (var e in errors) Error(path + ".default", "The default is not a valid value: " + e);
        }
        return field;
    }
}
