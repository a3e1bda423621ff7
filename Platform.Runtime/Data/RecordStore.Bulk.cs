using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>What a bulk write does with each row: create it, update the record it matches, or update when it matches and create otherwise.</summary>
public enum BulkAction { Create, Update, Upsert }

/// <summary>A bulk write's outcome: how many rows were created and updated, and each refused row (by position) with its reasons per field.</summary>
public sealed record BulkWriteResult(int Created, int Updated, IReadOnlyDictionary<int, IDictionary<string, string[]>> Rejected);

/// <summary>
/// Bulk writes (imports, POST …/records/bulk): every row is checked exactly like an API create or patch,
/// prepared once, and written through a <see cref="BulkWriter"/> — one transaction, creates as multi-row
/// INSERTs with their audit rows batched the same way, updates through the same path as PATCH (row scope,
/// record locks, rules, audit). Either every row is written or, with skipBadRows, every good one; refused
/// rows are reported with their reasons, never dropped silently.
/// </summary>
public sealed partial class RecordStore
{
    /// <summary>The key that matches rows to records by their id instead of a unique field.</summary>
    public const string MatchById = "id";

    /// <summary>
    /// Creates records through the bulk path, all or nothing (POST …/records/bulk): like a create of each, with
    /// default expressions and "_form", but checked and inserted as one batch. Refused rows fail the whole call with
    /// their errors keyed by position ("[3].amount"); otherwise the created records as the caller sees them, in order.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> CreateBulkAsync(Caller caller, string app, string model, IReadOnlyList<JsonObject> bodies, CancellationToken ct = default)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        var access = await AccessAsync(caller, app, model, ModelAction.Create, ct);
        var forms = SubmittedForms(compiledApp, model, ref bodies);
        var defaultsAt = DateTimeOffset.UtcNow;
        bodies = bodies.Select(b => _defaults.Apply(compiledApp.Model(model), access, b, defaultsAt)).ToList();
        var created = new List<JsonObject>(bodies.Count);
        BulkWriteResult result;
        await using (var writer = await BeginBulkWriteAsync(caller, app, model, BulkAction.Create, null, skipBadRows: false, ct))
        {
            writer.Forms = forms;
            writer.Created = created;
            await writer.WriteAsync(writer.Prepare(bodies.Select((b, i) => (i, b)).ToList()), ct);
            result = await writer.CompleteAsync(ct);
        }
        if (result.Rejected.Count == 0) return created;
        var errors = new Dictionary<string, string[]>();
        foreach (var (i, rowErrors) in result.Rejected.OrderBy(r => r.Key))
            foreach (var (key, messages) in rowErrors) errors[bodies.Count == 1 ? key : $"[{i}].{key}"] = messages;
        throw new ValidationFailedException(bodies.Count == 1 ? "The record is not valid." : "Some records are not valid.", errors);
    }

    /// <summary>
    /// An update or upsert names the field that finds each row's record: the id, or a unique field
    /// the caller can see. A create takes none.
    /// </summary>
    public static void CheckMatchOn(CompiledModel m, ModelAccess access, BulkAction action, string? matchOn)
    {
        if (action == BulkAction.Create)
        {
            if (matchOn is not null) throw ValidationFailedException.For("matchOn", "matchOn is only for the update and upsert actions.");
            return;
        }
        if (matchOn is null) throw ValidationFailedException.For("matchOn", "Name the unique field (or id) that finds the record each row updates.");
        if (matchOn == MatchById) return;
        var f = access.Field(matchOn) == FieldAccess.Hidden ? null : m.Field(matchOn);
        if (f is null) throw ValidationFailedException.For("matchOn", $"'{matchOn}' is not a field of the model.");
        if (!f.Unique || f.Kind.Column(f) is null || f.Relation is not null)
            throw ValidationFailedException.For("matchOn", $"'{matchOn}' is not a unique field, so it cannot find one record per row.");
    }

    /// <summary>The row's match value as stored and as comparable text, or null when the row has none (or an invalid one).</summary>
    private static (object Stored, string Text)? MatchKey(CompiledModel m, string matchOn, JsonObject body)
    {
        var value = body[matchOn];
        if (value is null) return null;
        if (matchOn == MatchById)
            return value is JsonValue v && v.TryGetValue<string>(out var s) && RecordInput.IsId(s) ? (s, s) : null;
        var f = m.Field(matchOn)!;
        var problems = new List<string>();
        var stored = FieldValueChecker.Check(f, value, problems);
        if (stored is null || problems.Count > 0) return null;
        return (stored, Convert.ToString(RecordReader.StoredToJson(f, stored), CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>
    /// Live records whose match value appears in the rows: match text → record id (one query per 500 values).
    /// Records in <paramref name="createdHere"/> (created by an earlier chunk of the same write) do not count:
    /// a row repeating a new row's key is a duplicate of the file, as it would be in one batch.
    /// </summary>
    private async Task<Dictionary<string, string>> MatchAsync(WriteScope scope, CompiledModel m, string? matchOn, IEnumerable<JsonObject> bodies,
        IReadOnlySet<string> createdHere, CancellationToken ct)
    {
        var result = new Dictionary<string, string>();
        if (matchOn is null) return result;
        var keys = new Dictionary<string, object>();
        foreach (var body in bodies)
            if (MatchKey(m, matchOn, body) is { } k) keys.TryAdd(k.Text, k.Stored);
        if (keys.Count == 0) return result;
        var f = matchOn == MatchById ? null : m.Field(matchOn);
        foreach (var chunk in keys.Values.Chunk(500))
        {
            var args = new DynamicParameters();
            var list = SqlList.In(args, "k", chunk.Select(D.ToParameter).ToList());
            var sql = $"SELECT {Q("id")} AS id, {Q(matchOn)} AS v FROM {Q(m.Table)} WHERE {Q(matchOn)} IN {list} AND {Q("deleted_at")} IS NULL";
            foreach (IDictionary<string, object?> row in await scope.Connection.QueryAsync(new CommandDefinition(sql, args, scope.Transaction, cancellationToken: ct)))
            {
                var id = (string)row["id"]!;
                if (createdHere.Contains(id)) continue;
                var text = f is null ? (string)row["v"]! : Convert.ToString(RecordReader.ToJson(f, row["v"]), CultureInfo.InvariantCulture) ?? "";
                result[text] = id;
            }
        }
        return result;
    }

    /// <summary>Rows of a bulk write sorted into creates and updates, each checked and prepared once; refused rows with their reasons.</summary>
    internal sealed class BulkPlan
    {
        public List<(int Index, PreparedWrite Write)> Creates { get; init; } = [];
        public List<(int Index, string Id, PreparedWrite Write)> Updates { get; init; } = [];
        public Dictionary<int, IDictionary<string, string[]>> Rejected { get; } = [];
    }

    /// <param name="rows">The rows by index (a position, or an import's line).</param>
    /// <param name="updated">Records an earlier row of the write updates (the whole write's, filled here).</param>
    private BulkPlan Plan(CompiledModel m, ModelAccess access, IReadOnlyList<(int Index, JsonObject Body)> rows,
        BulkAction action, string? matchOn, Dictionary<string, string> matches, HashSet<string> updated)
    {
        var plan = new BulkPlan();
        var defaultsAt = DateTimeOffset.UtcNow;   // a created row gets its defaultExpression values as a single create does
        foreach (var (i, body) in rows)
        {
            var errors = new Dictionary<string, string[]>();
            if (matchOn is null)
            {
                var p = RecordInput.Prepare(m, access, _defaults.Apply(m, access, body, defaultsAt), create: true, errors);
                if (errors.Count == 0) plan.Creates.Add((i, p));
            }
            else if (MatchKey(m, matchOn, body) is { } key && matches.TryGetValue(key.Text, out var id))
            {
                if (!updated.Add(id))
                {
                    plan.Rejected[i] = new Dictionary<string, string[]> { [matchOn] = ["An earlier row of the file updates the same record."] };
                    continue;
                }
                // The match value stays as it is: it is how the row was found, and may be read-only for the caller.
                var patch = new JsonObject();
                foreach (var (k, v) in body)
                    if (k != matchOn && k != MatchById) patch[k] = v?.DeepClone();
                var p = RecordInput.Prepare(m, access, patch, create: false, errors);
                if (errors.Count == 0) plan.Updates.Add((i, id, p));
            }
            else if (action == BulkAction.Update)
            {
                RecordInput.Prepare(m, access, body, create: false, errors);
                if (!errors.ContainsKey(matchOn))
                    errors[matchOn] = [body[matchOn] is null ? "A value is needed to find the record to update." : "There is no record with this value to update."];
            }
            else
            {
                var p = RecordInput.Prepare(m, access, _defaults.Apply(m, access, body, defaultsAt), create: true, errors);
                if (errors.Count == 0) plan.Creates.Add((i, p));
            }
            if (errors.Count > 0) plan.Rejected[i] = errors;
        }
        return plan;
    }
}
