using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime.Models.FieldTypes;

namespace Platform.Runtime.Data;

/// <summary>
/// Compiles the JSON filter language (docs/filters.md) to a parameterised SQL condition. Field
/// names are resolved through <see cref="QueryScope"/>; values always travel as parameters.
/// </summary>
public sealed class FilterCompiler(QueryScope scope, CompiledModel model, string alias)
{
    private const int MaxDepth = 16;
    private const int MaxConditions = 500;
    /// <summary>The most values an "in" list takes.</summary>
    public const int MaxList = 1000;
    private int _conditions;
    private bool _trusted;

    public async Task<string> CompileAsync(JsonNode? filter, string where = "filter", bool trusted = false)
    {
        _trusted = trusted;
        return filter is null ? "1=1" : await NodeAsync(filter, where, 0);
    }

    private static ValidationFailedException Bad(string where, string message) => ValidationFailedException.For(where, message);

    /// <summary>
    /// A row scope's department list is kept off the department index (<see cref="ISqlDialect.RowScopeColumn"/>):
    /// a scoped page walks the sort index and a scoped aggregate scans like the unscoped one, so
    /// "department and below" never costs much more than "all".
    /// </summary>
    private string ScopeColumn(ResolvedField f) =>
        _trusted && f.IsSystem && f.Path == "department" ? scope.Dialect.RowScopeColumn(f.Sql) : f.Sql;

    private async Task<string> NodeAsync(JsonNode node, string where, int depth)
    {
        if (depth > MaxDepth) throw Bad(where, $"The filter is nested more than {MaxDepth} levels deep.");
        if (++_conditions > MaxConditions) throw Bad(where, $"The filter has more than {MaxConditions} parts.");
        if (node is not JsonObject o) throw Bad(where, "A filter must be an object.");
        if (o.ContainsKey("and") || o.ContainsKey("or"))
        {
            var op = o.ContainsKey("and") ? "and" : "or";
            if (o.Count != 1) throw Bad(where, $"'{op}' must be the only key of its object.");
            if (o[op] is not JsonArray list) throw Bad($"{where}.{op}", $"'{op}' takes a list of filters.");
            if (list.Count == 0) return op == "and" ? "1=1" : "1=0";
            var parts = new List<string>();
            for (var i = 0; i < list.Count; i++)
                parts.Add(await NodeAsync(list[i] ?? throw Bad($"{where}.{op}[{i}]", "A filter must be an object."), $"{where}.{op}[{i}]", depth + 1));
            return "(" + string.Join(op == "and" ? " AND " : " OR ", parts) + ")";
        }
        if (o.ContainsKey("not"))
        {
            if (o.Count != 1) throw Bad(where, "'not' must be the only key of its object.");
            var inner = await NodeAsync(o["not"] ?? throw Bad(where + ".not", "'not' takes one filter."), where + ".not", depth + 1);
            // NOT over a condition that is unknown for empty values: treat unknown as false first.
            return $"NOT (COALESCE(CASE WHEN {inner} THEN 1 ELSE 0 END, 0) = 1)";
        }
        return await ConditionAsync(o, where);
    }

    private async Task<string> ConditionAsync(JsonObject o, string where)
    {
        foreach (var (k, _) in o)
            if (k is not ("field" or "op" or "value")) throw Bad(where, $"Unknown filter key '{k}'. A condition has field, op and value.");
        if (o["field"] is not JsonValue fv || fv.GetValueKind() != JsonValueKind.String) throw Bad(where + ".field", "A condition needs a field name.");
        if (o["op"] is not JsonValue ov || ov.GetValueKind() != JsonValueKind.String) throw Bad(where + ".op", "A condition needs an operator.");
        var f = await scope.ResolveAsync(fv.GetValue<string>(), where + ".field", model, alias, _trusted);
        var op = ov.GetValue<string>();
        var value = o["value"];
        var type = f.Field.Type;
        var multi = type is "multiSelect" or "attachment" or "image";
        var manyToMany = f.Field.Relation?.Kind is "manyToMany";
        var lines = type == "subTable" || f.Field.Relation?.Kind == "oneToMany";
        var at = where + ".value";

        if (op == "isEmpty")
        {
            var empty = value is null || (value is JsonValue b && b.TryGetValue<bool>(out var e) && e);
            if (value is not null && !(value is JsonValue bv && bv.TryGetValue<bool>(out _))) throw Bad(at, "isEmpty takes no value, or true/false.");
            string sql;
            if (manyToMany)
                sql = $"NOT EXISTS (SELECT 1 FROM {scope.Q(ModelTableNames.LinkTable(model.App, f.Model.Key, f.Field.Key))} x WHERE x.{scope.Q("source_id")} = {f.Alias}.{scope.Q("id")})";
            else if (lines && type == "subTable")
                sql = $"NOT EXISTS (SELECT 1 FROM {scope.Q(ModelTableNames.SubTable(model.App, f.Model.Key, f.Field.Key))} x WHERE x.{scope.Q("parent_id")} = {f.Alias}.{scope.Q("id")})";
            else if (lines)
            {
                var rel = f.Field.Relation!;
                var child = scope.App.Model(rel.Model);
                sql = $"NOT EXISTS (SELECT 1 FROM {scope.Q(child.Table)} x WHERE x.{scope.Q(rel.Field!)} = {f.Alias}.{scope.Q("id")} AND x.{scope.Q("deleted_at")} IS NULL)";
            }
            else if (multi) sql = $"({f.Sql} IS NULL OR {f.Sql} = '[]')";
            else sql = $"{f.Sql} IS NULL";
            return empty ? sql : $"NOT ({sql})";
        }

        if (manyToMany || multi)
        {
            if (op != "contains") throw Bad(where + ".op", $"Field '{f.Path}' holds a list: use contains or isEmpty.");
            if (value is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String) throw Bad(at, "contains on a list takes one text value.");
            if (manyToMany)
                return $"EXISTS (SELECT 1 FROM {scope.Q(ModelTableNames.LinkTable(model.App, f.Model.Key, f.Field.Key))} x WHERE x.{scope.Q("source_id")} = {f.Alias}.{scope.Q("id")} AND x.{scope.Q("target_id")} = {scope.Add(sv.GetValue<string>())})";
            if (type != "multiSelect") throw Bad(where + ".op", $"Field '{f.Path}' can only be tested with isEmpty.");
            return scope.Dialect.Like(f.Sql, scope.Add(Escape(MultiSelectFieldType.ContainsPattern(sv.GetValue<string>()), keepOuterPercents: true)));
        }
        if (lines || !f.Field.Kind.Comparable && op is not ("contains" or "startsWith"))
            throw Bad(where + ".op", $"Field '{f.Path}' cannot be compared with {op}.");

        switch (op)
        {
            case "eq":
                return value is null ? $"{f.Sql} IS NULL" : $"{f.Sql} = {scope.Add(scope.Value(f, value, at))}";
            case "ne":
                return value is null ? $"{f.Sql} IS NOT NULL" : $"({f.Sql} <> {scope.Add(scope.Value(f, value, at))} OR {f.Sql} IS NULL)";
            case "gt" or "gte" or "lt" or "lte":
                if (value is null) throw Bad(at, $"{op} needs a value.");
                var sym = op switch { "gt" => ">", "gte" => ">=", "lt" => "<", _ => "<=" };
                return $"{f.Sql} {sym} {scope.Add(scope.Value(f, value, at))}";
            case "in":
                if (value is not JsonArray list) throw Bad(at, "in takes a list of values.");
                if (list.Count > MaxList) throw Bad(at, $"in takes at most {MaxList} values.");
                if (list.Count == 0) return "1=0";
                var items = list.Where(x => x is not null).Select((x, i) => scope.Add(scope.Value(f, x, $"{at}[{i}]"))).ToList();
                var inSql = items.Count > 0 ? $"{ScopeColumn(f)} IN ({string.Join(", ", items)})" : "1=0";
                return list.Any(x => x is null) ? $"({inSql} OR {f.Sql} IS NULL)" : inSql;
            case "between":
                if (value is not JsonArray pair || pair.Count != 2 || pair[0] is null || pair[1] is null) throw Bad(at, "between takes a list of two values.");
                return $"({f.Sql} >= {scope.Add(scope.Value(f, pair[0], at + "[0]"))} AND {f.Sql} <= {scope.Add(scope.Value(f, pair[1], at + "[1]"))})";
            case "contains" or "startsWith":
                var column = f.Field.Kind.Column(f.Field);
                if (column is not (SqlType.Text or SqlType.LongText or SqlType.Id)) throw Bad(where + ".op", $"{op} works on text fields; '{f.Path}' is {f.Field.Type}.");
                if (value is not JsonValue tv || tv.GetValueKind() != JsonValueKind.String) throw Bad(at, $"{op} takes a text value.");
                var text = Escape(tv.GetValue<string>(), keepOuterPercents: false);
                return scope.Dialect.Like(f.Sql, scope.Add(op == "contains" ? "%" + text + "%" : text + "%"));
            default:
                throw Bad(where + ".op", $"Unknown operator '{op}'. Use eq, ne, gt, gte, lt, lte, in, contains, startsWith, isEmpty or between.");
        }
    }

    /// <summary>Escapes LIKE wildcards so the value matches literally.</summary>
    private static string Escape(string s, bool keepOuterPercents)
    {
        if (keepOuterPercents) return "%" + Escape(s[1..^1], false) + "%";
        return s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
    }
}
