using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;

namespace Platform.Runtime.Data;

/// <summary>
/// Fields whose value the platform copies from a related record ("copyFrom": "product.list_price", like
/// 简道云's 数据联动 or a Salesforce lookup-copied price), also in sub-table lines. The copy is taken when the
/// record or line is created and whenever its relation changes; otherwise the stored value stays, so it is a
/// snapshot (a later price change does not rewrite signed orders). Users cannot set it: a value a client sends
/// is replaced by the copy (or, on an update that leaves the relation alone, by the stored value), so a form
/// that sends its lines back unchanged still works. A relation naming no live record the caller may see is
/// refused by the store's reference check.
/// </summary>
public static class CopiedValues
{
    /// <summary>One write: its prepared values (changed in place), the record before it (null on create) and its error prefix.</summary>
    public sealed record Row(Dictionary<string, object?> Values, JsonObject? Before, string Prefix);

    public static async Task ApplyAsync(WriteScope scope, ISqlDialect d, CompiledApp app, CompiledModel m, IReadOnlyList<Row> rows,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (!m.HasCopiedValues) return;
        // Which related values are needed: (relation field, related id) per copy, gathered for the whole batch.
        var wanted = new List<(FieldDefinition Copy, FieldDefinition Relation, string Id, Action<object?> Set, Action<string> Refuse)>();
        foreach (var row in rows)
        {
            foreach (var f in m.ActiveFields.Values)
            {
                if (f.CopyFrom is { } copy)
                {
                    var relation = m.Field(copy.Relation)!;
                    var values = row.Values;
                    var prefix = row.Prefix + f.Key;
                    var id = values.TryGetValue(relation.Key, out var given) ? given as string : row.Before?[relation.Key]?.GetValue<string>();
                    values.Remove(f.Key);
                    // The relation stays and a copy was taken: it stays too (a record written before the option existed gets its first copy).
                    if (row.Before is not null && !values.ContainsKey(relation.Key) && row.Before[f.Key] is not null) continue;
                    if (id is not null) wanted.Add((f, relation, id, v => values[f.Key] = v, e => Add(errors, prefix, e)));
                    else values[f.Key] = null;
                }
                if (f.SubFields?.Any(s => s.CopyFrom is not null) == true && row.Values.GetValueOrDefault(f.Key) is List<SubTableRow> lines)
                {
                    var old = (row.Before?[f.Key] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(l => l["id"]!.GetValue<string>());
                    for (var i = 0; i < lines.Count; i++)
                    {
                        var line = lines[i];
                        var prefix = row.Prefix + f.Key;
                        var n = i + 1;
                        foreach (var s in f.SubFields.Where(s => s.CopyFrom is not null))
                        {
                            var relation = f.SubFields.First(r => r.Key == s.CopyFrom!.Relation);
                            var id = line.Values.GetValueOrDefault(relation.Key) as string;
                            if (old.TryGetValue(line.Id, out var was) && was[relation.Key]?.GetValue<string>() == id && was[s.Key] is not null)
                            {
                                line.Values[s.Key] = FieldValueChecker.Check(s, was[s.Key]?.DeepClone(), []);   // same line, same relation: the snapshot stays
                                continue;
                            }
                            if (id is null) { line.Values[s.Key] = null; continue; }
                            wanted.Add((s, relation, id, v => line.Values[s.Key] = v, e => Add(errors, prefix, $"Row {n}, {s.Key}: {e}")));
                        }
                    }
                }
            }
        }
        if (wanted.Count == 0) return;

        foreach (var group in wanted.GroupBy(w => (w.Relation.Relation!.Model, w.Copy.CopyFrom!.Field)))
        {
            var target = app.Model(group.Key.Model);
            var source = target.Field(group.Key.Field)!;
            var found = new Dictionary<string, JsonNode?>();
            foreach (var chunk in group.Select(w => w.Id).Distinct().Chunk(500))
            {
                var args = new DynamicParameters();
                var sql = $"SELECT {d.Quote("id")} AS id, {d.Quote(source.Key)} AS v FROM {d.Quote(target.Table)} " +
                          $"WHERE {d.Quote("id")} IN {SqlList.In(args, "ids", chunk)} AND {d.Quote("deleted_at")} IS NULL";
                foreach (IDictionary<string, object?> r in await scope.Connection.QueryAsync(new CommandDefinition(sql, args, scope.Transaction, cancellationToken: ct)))
                    found[(string)r["id"]!] = RecordReader.ToJson(source, r["v"]);
            }
            foreach (var w in group)
            {
                if (!found.TryGetValue(w.Id, out var value))
                {
                    w.Set(null);   // the reference check refuses the write, naming the missing record
                    continue;
                }
                var problems = new List<string>();
                var stored = FieldValueChecker.Check(w.Copy, value, problems);
                foreach (var p in problems) w.Refuse($"The value copied from {w.Copy.CopyFrom} does not fit: {p}");
                w.Set(problems.Count == 0 ? stored : null);
            }
        }
    }

    private static void Add(Dictionary<string, string[]> errors, string key, string message) =>
        errors[key] = errors.TryGetValue(key, out var old) ? [.. old, message] : [message];
}
