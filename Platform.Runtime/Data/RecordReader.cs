using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// Reads records as the API shows them: system fields in camelCase, then the model's fields, with
/// fields hidden from the caller left out. Lists kept outside the row (many-to-many links, sub-table
/// lines) are fetched for a whole page at once.
/// </summary>
public sealed class RecordReader(ISqlDialect d, CompiledApp app, CompiledModel model)
{
    private string Q(string s) => d.Quote(s);

    /// <summary>SELECT list of system columns, the given stored fields and rollups, aliased by field key.</summary>
    public string SelectList(IEnumerable<FieldDefinition> fields, QueryScope? scope = null)
    {
        var parts = ModelTable.SystemColumns.Select(c => $"t.{Q(c.Name)}").ToList();
        foreach (var f in fields)
        {
            if (f.Rollup is not null && scope is not null) parts.Add($"{scope.ColumnSql(model, f, "t")} AS {Q(f.Key)}");
            else if (f.Kind.Column(f) is not null) parts.Add($"t.{Q(f.Key)}");
        }
        return string.Join(", ", parts);
    }

    /// <summary>Fields a caller sees (optionally only the ones asked for).</summary>
    public IReadOnlyList<FieldDefinition> Visible(ModelAccess access, IReadOnlyCollection<string>? only = null) =>
        model.ActiveFields.Values.Where(f => access.Field(f.Key) != FieldAccess.Hidden && (only is null || only.Contains(f.Key))).ToList();

    public static JsonNode? ToJson(FieldDefinition f, object? value) =>
        value is null or DBNull ? null : f.Kind.FromDb(value, f);

    public JsonObject ToRecord(IDictionary<string, object?> row, IEnumerable<FieldDefinition> fields, ModelAccess access)
    {
        var o = new JsonObject
        {
            ["id"] = JsonValue.Create((string)row["id"]!),
            ["rowVersion"] = JsonValue.Create(Convert.ToInt64(row["row_version"])),
        };
        foreach (var (name, (column, def)) in SystemFields.ByName)
        {
            if (name is "id" or "rowVersion" || access.Field(name) == FieldAccess.Hidden) continue;
            o[name] = ToJson(def, row[column]);
        }
        if (row.TryGetValue("deleted_at", out var deleted) && deleted is not null and not DBNull)
            o["deletedAt"] = ToJson(SystemFields.ByName["createdAt"].Field, deleted);
        foreach (var f in fields)
        {
            if (f.Type == "subTable" || f.Relation?.Kind is "manyToMany" or "oneToMany") continue;
            o[f.Key] = row.TryGetValue(f.Key, out var v) ? ToJson(f, v) : null;
        }
        return o;
    }

    /// <summary>Adds many-to-many id lists and sub-table lines to records read from the model table.</summary>
    public async Task FillListsAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<JsonObject> records, IEnumerable<FieldDefinition> fields, CancellationToken ct)
    {
        if (records.Count == 0) return;
        var ids = records.Select(r => r["id"]!.GetValue<string>()).ToArray();
        var byId = records.ToDictionary(r => r["id"]!.GetValue<string>());
        foreach (var f in fields)
        {
            if (f.Relation?.Kind == "manyToMany")
            {
                foreach (var r in records) r[f.Key] = new JsonArray();
                var link = ModelTableNames.LinkTable(app.Key, model.Key, f.Key);
                var args = new DynamicParameters();
                var rows = await c.QueryAsync<(string source_id, string target_id)>(new CommandDefinition(
                    $"SELECT {Q("source_id")}, {Q("target_id")} FROM {Q(link)} WHERE {Q("source_id")} IN {SqlList.In(args, "ids", ids)} ORDER BY {Q("source_id")}, {Q("target_id")}",
                    args, tx, cancellationToken: ct));
                foreach (var (s, t) in rows) ((JsonArray)byId[s][f.Key]!).Add(t);
            }
            else if (f.Type == "subTable")
            {
                foreach (var r in records) r[f.Key] = new JsonArray();
                var child = ModelTableNames.SubTable(app.Key, model.Key, f.Key);
                var subs = (f.SubFields ?? []).Where(s => s.Kind.Column(s) is not null).ToList();
                var cols = string.Join("", subs.Select(s => ", " + Q(s.Key)));
                var args = new DynamicParameters();
                var rows = await c.QueryAsync(new CommandDefinition(
                    $"SELECT {Q("id")}, {Q("parent_id")}{cols} FROM {Q(child)} WHERE {Q("parent_id")} IN {SqlList.In(args, "ids", ids)} ORDER BY {Q("parent_id")}, {Q("position")}",
                    args, tx, cancellationToken: ct));
                foreach (IDictionary<string, object?> row in rows)
                {
                    var line = new JsonObject { ["id"] = (string)row["id"]! };
                    foreach (var s in subs) line[s.Key] = ToJson(s, row[s.Key]);
                    ((JsonArray)byId[(string)row["parent_id"]!][f.Key]!).Add(line);
                }
            }
        }
    }

    /// <summary>The JSON of a value as prepared for storing (before it was written).</summary>
    public static JsonNode? StoredToJson(FieldDefinition f, object? value) => value switch
    {
        null => null,
        FileRefList files => new JsonArray(files.Files.Select(x => (JsonNode)new JsonObject { ["id"] = x.Id, ["name"] = x.Name, ["size"] = x.Size, ["contentType"] = x.ContentType }).ToArray()),
        List<SubTableRow> rows => new JsonArray(rows.Select(r =>
        {
            var line = new JsonObject { ["id"] = r.Id };
            foreach (var s in f.SubFields ?? []) line[s.Key] = s.Kind.Column(s) is null ? null : StoredToJson(s, r.Values.GetValueOrDefault(s.Key));
            return (JsonNode)line;
        }).ToArray()),
        List<string> ids => new JsonArray(ids.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
        _ => ToJson(f, value),
    };
}
