using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// Lists and aggregates records: the JSON filter ANDed with the caller's row filter, sorting with
/// keyset ("after" cursor) or numbered paging, field selection, group-by with date buckets and
/// count/sum/avg/min/max. Hidden fields cannot be selected, filtered, sorted or grouped.
/// </summary>
public sealed class RecordQuery(Database db, ModelCatalog catalog, IAccessPolicy policy)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxGroups = 1000;
    private ISqlDialect D => db.Dialect;
    private string Q(string s) => db.Dialect.Quote(s);

    private static ValidationFailedException Bad(string where, string message) => ValidationFailedException.For(where, message);

    private async Task<(CompiledApp App, CompiledModel Model, ModelAccess Access, QueryScope Scope, string Where)> StartAsync(
        System.Data.Common.DbConnection c, Caller caller, string app, string model, JsonObject request, ModelAction action, CancellationToken ct)
    {
        var compiledApp = await catalog.GetAsync(c, null, app, ct);
        var m = compiledApp.Model(model);
        var access = await policy.ForModelAsync(caller, app, model, ct);
        if (!access.Can(action)) throw new ForbiddenException($"You may not {action.ToString().ToLowerInvariant()} records of '{model}'.");
        var scope = new QueryScope(D, compiledApp, m, access, x => policy.ForModelAsync(caller, app, x, ct));
        var rowFilter = access.RowFilter is null ? "1=1" : await new FilterCompiler(scope, m, QueryScope.RootAlias).CompileAsync(access.RowFilter, "rowFilter", trusted: true);
        // Another action (export) reaches the rows of its own scope that the caller can also read.
        if (action != ModelAction.Read && access.RowFilterFor(action) is { } actionFilter && !JsonNode.DeepEquals(actionFilter, access.RowFilter))
            rowFilter = $"{rowFilter} AND {await new FilterCompiler(scope, m, QueryScope.RootAlias).CompileAsync(actionFilter, "rowFilter", trusted: true)}";
        var filter = await new FilterCompiler(scope, m, QueryScope.RootAlias).CompileAsync(request["filter"], "filter");
        return (compiledApp, m, access, scope, $"t.{Q("deleted_at")} IS NULL AND {rowFilter} AND {filter}");
    }

    private static void OnlyKeys(JsonObject o, string where, params string[] keys)
    {
        foreach (var (k, _) in o)
            if (!keys.Contains(k)) throw Bad(where.Length == 0 ? k : $"{where}.{k}", $"Unknown key '{k}'. Expected: {string.Join(", ", keys)}.");
    }

    /// <param name="action">Read, or Export for the exporter: the rows are those of that action's scope the caller can read.</param>
    public async Task<JsonObject> QueryAsync(Caller caller, string app, string model, JsonObject request, CancellationToken ct = default, ModelAction action = ModelAction.Read)
    {
        OnlyKeys(request, "", "filter", "sort", "page", "fields", "total");
        await using var c = await db.OpenAsync(ct);
        var (compiledApp, m, access, scope, where) = await StartAsync(c, caller, app, model, request, action, ct);
        var reader = new RecordReader(D, compiledApp, m);

        // Fields to return.
        IReadOnlyList<FieldDefinition> fields;
        if (request["fields"] is JsonArray wanted)
        {
            var list = new List<FieldDefinition>();
            for (var i = 0; i < wanted.Count; i++)
            {
                var name = wanted[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                if (name is null) throw Bad($"fields[{i}]", "Field names are text.");
                if (SystemFields.ByName.ContainsKey(name)) continue;
                var f = m.Field(name);
                if (f is null || access.Field(name) == FieldAccess.Hidden) throw QueryScope.Unknown($"fields[{i}]", name);
                list.Add(f);
            }
            fields = list;
        }
        else if (request["fields"] is null) fields = reader.Visible(access);
        else throw Bad("fields", "'fields' is a list of field names.");

        // Sort: the given keys, then id.
        var sorts = new List<(ResolvedField Field, bool Desc)>();
        if (request["sort"] is JsonArray sortList)
        {
            if (sortList.Count > 5) throw Bad("sort", "Sort by at most 5 fields.");
            for (var i = 0; i < sortList.Count; i++)
            {
                if (sortList[i] is not JsonObject so) throw Bad($"sort[{i}]", "A sort entry is {field, dir}.");
                OnlyKeys(so, $"sort[{i}]", "field", "dir");
                var name = so["field"] is JsonValue fv && fv.GetValueKind() == JsonValueKind.String ? fv.GetValue<string>() : throw Bad($"sort[{i}].field", "A sort entry needs a field.");
                var dir = so["dir"]?.GetValueKind() == JsonValueKind.String ? so["dir"]!.GetValue<string>() : so["dir"] is null ? "asc" : "";
                if (dir is not ("asc" or "desc")) throw Bad($"sort[{i}].dir", "dir is asc or desc.");
                var rf = await scope.ResolveAsync(name, $"sort[{i}].field");
                if (!rf.Field.Kind.Comparable && rf.Field.Rollup is null || rf.Field.Kind.Column(rf.Field) is null && rf.Field.Rollup is null)
                    throw Bad($"sort[{i}].field", $"Field '{name}' cannot be sorted.");
                if (rf.Field.Key != "id") sorts.Add((rf, dir == "desc"));
            }
        }
        else if (request["sort"] is not null) throw Bad("sort", "'sort' is a list of {field, dir}.");

        // Paging.
        var size = DefaultPageSize;
        long? number = null;
        JsonArray? after = null;
        if (request["page"] is JsonObject page)
        {
            OnlyKeys(page, "page", "size", "after", "number");
            if (page["size"] is { } s)
                size = s.GetValueKind() == JsonValueKind.Number && s.AsValue().TryGetValue<int>(out var sz) && sz is >= 1 and <= MaxPageSize ? sz : throw Bad("page.size", $"Page size is 1–{MaxPageSize}.");
            if (page["number"] is { } n)
                number = n.GetValueKind() == JsonValueKind.Number && n.AsValue().TryGetValue<long>(out var nb) && nb is >= 1 and <= 1_000_000 ? nb : throw Bad("page.number", "Page number is a whole number from 1.");
            if (page["after"] is { } a)
            {
                if (number is not null) throw Bad("page", "Use either after or number.");
                after = DecodeCursor(a, sorts.Count);
            }
        }
        else if (request["page"] is not null) throw Bad("page", "'page' is {size, after | number}.");
        var withTotal = false;
        if (request["total"] is { } t)
        {
            if (t.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) throw Bad("total", "total is true or false.");
            withTotal = t.GetValue<bool>();
        }

        var keyset = "";
        if (after is not null) keyset = " AND " + Keyset(scope, sorts, after);
        var order = string.Join(", ", sorts.Select(s => D.OrderTerm(s.Field.Sql, s.Desc)).Append($"t.{Q("id")} ASC"));
        var select = reader.SelectList(fields, scope) + string.Concat(sorts.Select((s, i) => $", {s.Field.Sql} AS {Q("__s" + i)}"));
        var joins = string.Join("", scope.Joins);
        var offset = number is { } pn ? scope.Add((pn - 1) * size) : null;
        var sql = $"SELECT {select} FROM {Q(m.Table)} t{joins} WHERE {where}{keyset} ORDER BY {order}{D.Paging(scope.Add((long)size + 1), offset)}";
        var rows = (await c.QueryAsync(new CommandDefinition(sql, scope.Parameters, cancellationToken: ct))).Cast<IDictionary<string, object?>>().ToList();
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        var items = rows.Select(r => RecordStore.Strip(reader.ToRecord(r, fields, access), access)).ToList();
        await reader.FillListsAsync(c, null, items, fields, ct);

        var result = new JsonObject { ["items"] = new JsonArray(items.Cast<JsonNode>().ToArray()) };
        if (number is not null) { result["page"] = number; result["hasMore"] = more; }
        else result["next"] = more ? EncodeCursor(sorts, rows[^1]) : null;
        if (withTotal)
            result["total"] = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {Q(m.Table)} t{joins} WHERE {where}", scope.Parameters, cancellationToken: ct));
        return result;
    }

    private static string EncodeCursor(List<(ResolvedField Field, bool Desc)> sorts, IDictionary<string, object?> row)
    {
        var values = new JsonArray();
        for (var i = 0; i < sorts.Count; i++) values.Add(RecordReader.ToJson(sorts[i].Field.Field, row["__s" + i]));
        values.Add((string)row["id"]!);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(values.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static JsonArray DecodeCursor(JsonNode node, int sorts)
    {
        try
        {
            var s = node.GetValue<string>().Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
            if (JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(s))) is JsonArray a && a.Count == sorts + 1 && a[^1] is JsonValue) return a;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException) { }
        throw Bad("page.after", "The cursor is not valid for this sort order; start again from the first page.");
    }

    /// <summary>Rows after the cursor in "sort keys, then id" order with empty values last.</summary>
    private string Keyset(QueryScope scope, List<(ResolvedField Field, bool Desc)> sorts, JsonArray cursor)
    {
        var ors = new List<string>();
        var equal = new List<string>();
        for (var i = 0; i < sorts.Count; i++)
        {
            var (f, desc) = sorts[i];
            var v = cursor[i];
            if (v is not null)
            {
                var p = scope.Add(scope.Value(f, v, "page.after"));
                ors.Add("(" + string.Join(" AND ", equal.Append($"({f.Sql} {(desc ? "<" : ">")} {p} OR {f.Sql} IS NULL)")) + ")");
                equal.Add($"{f.Sql} = {p}");
            }
            else equal.Add($"{f.Sql} IS NULL");
        }
        var id = cursor[^1]!.GetValue<string>();
        ors.Add("(" + string.Join(" AND ", equal.Append($"t.{Q("id")} > {scope.Add(id)}")) + ")");
        return "(" + string.Join(" OR ", ors) + ")";
    }

    public async Task<JsonObject> AggregateAsync(Caller caller, string app, string model, JsonObject request, CancellationToken ct = default)
    {
        OnlyKeys(request, "", "filter", "groupBy", "measures");
        await using var c = await db.OpenAsync(ct);
        var (_, m, _, scope, where) = await StartAsync(c, caller, app, model, request, ModelAction.Read, ct);

        var groups = new List<(string Name, string Sql, ResolvedField Field, string? Bucket)>();
        if (request["groupBy"] is JsonArray groupBy)
        {
            if (groupBy.Count > 3) throw Bad("groupBy", "Group by at most 3 fields.");
            for (var i = 0; i < groupBy.Count; i++)
            {
                string? name = null, bucket = null;
                if (groupBy[i] is JsonValue gv && gv.GetValueKind() == JsonValueKind.String) name = gv.GetValue<string>();
                else if (groupBy[i] is JsonObject go)
                {
                    OnlyKeys(go, $"groupBy[{i}]", "field", "bucket");
                    name = go["field"]?.GetValueKind() == JsonValueKind.String ? go["field"]!.GetValue<string>() : null;
                    bucket = go["bucket"]?.GetValueKind() == JsonValueKind.String ? go["bucket"]!.GetValue<string>() : go["bucket"] is null ? null : "?";
                }
                if (name is null) throw Bad($"groupBy[{i}]", "A group is a field name or {field, bucket}.");
                var rf = await scope.ResolveAsync(name, $"groupBy[{i}]");
                if (!rf.Field.Kind.Comparable || rf.Field.Kind.Column(rf.Field) is null && rf.Field.Rollup is null) throw Bad($"groupBy[{i}]", $"Field '{name}' cannot be grouped.");
                var sql = rf.Sql;
                if (bucket is not null)
                {
                    if (bucket is not ("day" or "week" or "month" or "quarter" or "year")) throw Bad($"groupBy[{i}].bucket", "bucket is day, week, month, quarter or year.");
                    var column = rf.Field.Kind.Column(rf.Field);
                    if (column is not (SqlType.Date or SqlType.DateTime)) throw Bad($"groupBy[{i}].bucket", $"Only dates can be bucketed; '{name}' is {rf.Field.Type}.");
                    sql = D.DateBucket(rf.Sql, bucket, column == SqlType.DateTime);
                }
                groups.Add((bucket is null ? name : $"{name}:{bucket}", sql, rf, bucket));
            }
        }
        else if (request["groupBy"] is not null) throw Bad("groupBy", "'groupBy' is a list.");

        var measures = new List<(string Name, string Sql, string Op, ResolvedField? Field)>();
        var measureList = request["measures"] as JsonArray ?? (request["measures"] is null ? [new JsonObject { ["op"] = "count" }] : throw Bad("measures", "'measures' is a list of {op, field}."));
        if (measureList.Count is 0 or > 10) throw Bad("measures", "Give 1–10 measures.");
        for (var i = 0; i < measureList.Count; i++)
        {
            if (measureList[i] is not JsonObject mo) throw Bad($"measures[{i}]", "A measure is {op, field}.");
            OnlyKeys(mo, $"measures[{i}]", "op", "field", "as");
            var op = mo["op"]?.GetValueKind() == JsonValueKind.String ? mo["op"]!.GetValue<string>() : "";
            if (op is not ("count" or "sum" or "avg" or "min" or "max")) throw Bad($"measures[{i}].op", "op is count, sum, avg, min or max.");
            var fieldName = mo["field"]?.GetValueKind() == JsonValueKind.String ? mo["field"]!.GetValue<string>() : null;
            if (fieldName is null && op != "count") throw Bad($"measures[{i}].field", $"{op} needs a field.");
            ResolvedField? rf = null;
            string sql;
            if (fieldName is null) sql = "COUNT(*)";
            else
            {
                rf = await scope.ResolveAsync(fieldName, $"measures[{i}].field");
                var column = rf.Field.Rollup is not null ? SqlType.Decimal : rf.Field.Kind.Column(rf.Field);
                if (column is null || !rf.Field.Kind.Comparable) throw Bad($"measures[{i}].field", $"Field '{fieldName}' cannot be aggregated.");
                if (op is "sum" or "avg" && column is not (SqlType.Integer or SqlType.Double or SqlType.Decimal))
                    throw Bad($"measures[{i}].field", $"{op} needs a number field; '{fieldName}' is {rf.Field.Type}.");
                var x = op == "avg" && column == SqlType.Integer ? $"CAST({rf.Sql} AS {D.TypeName(SqlType.Double)})" : rf.Sql;
                sql = $"{op.ToUpperInvariant()}({x})";
            }
            var name = mo["as"]?.GetValueKind() == JsonValueKind.String ? mo["as"]!.GetValue<string>() : fieldName is null ? "count" : $"{op}_{fieldName}";
            if (measures.Any(x => x.Name == name) || groups.Any(g => g.Name == name)) throw Bad($"measures[{i}]", $"Two results are named '{name}'; give one an 'as'.");
            measures.Add((name, sql, op, rf));
        }

        var select = groups.Select((g, i) => $"{g.Sql} AS {Q("g" + i)}").Concat(measures.Select((x, i) => $"{x.Sql} AS {Q("m" + i)}"));
        var groupSql = groups.Count == 0 ? "" : " GROUP BY " + string.Join(", ", groups.Select(g => g.Sql));
        var orderSql = groups.Count == 0 ? "" : " ORDER BY " + string.Join(", ", groups.Select(g => D.OrderTerm(g.Sql, false)));
        var paging = groups.Count == 0 ? "" : D.Paging(scope.Add((long)MaxGroups + 1), null);
        var sql2 = $"SELECT {string.Join(", ", select)} FROM {Q(m.Table)} t{string.Join("", scope.Joins)} WHERE {where}{groupSql}{orderSql}{paging}";
        var rows = (await c.QueryAsync(new CommandDefinition(sql2, scope.Parameters, cancellationToken: ct))).Cast<IDictionary<string, object?>>().ToList();
        var truncated = rows.Count > MaxGroups;
        var result = new JsonArray();
        foreach (var row in rows.Take(MaxGroups))
        {
            var o = new JsonObject();
            for (var i = 0; i < groups.Count; i++)
            {
                var v = row["g" + i];
                o[groups[i].Name] = groups[i].Bucket is not null ? (v is null or DBNull ? null : JsonValue.Create(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))
                    : RecordReader.ToJson(groups[i].Field.Field, v);
            }
            for (var i = 0; i < measures.Count; i++)
            {
                var v = row["m" + i];
                var (name, _, op, rf) = measures[i];
                o[name] = v is null or DBNull ? (op is "count" or "sum" ? 0 : null)
                    : op == "count" ? JsonValue.Create(Convert.ToInt64(v))
                    : op is "min" or "max" && rf!.Field.Rollup is null ? RecordReader.ToJson(rf.Field, v)
                    : JsonValue.Create(Math.Round(Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture), 8) / 1.0000000000000000000000000000m);
            }
            result.Add(o);
        }
        return new JsonObject { ["rows"] = result, ["truncated"] = truncated };
    }
}
