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
/// Bulk writes (imports): every row is checked exactly like an API create or patch, prepared once,
/// and the accepted rows are written in one transaction — creates as multi-row INSERTs with their
/// audit rows batched the same way, updates through the same path as PATCH (row scope, record locks,
/// rules, audit). Either every row is written or, with skipBadRows, every good one; refused rows are
/// reported with their reasons, never dropped silently.
/// </summary>
public sealed partial class RecordStore
{
    /// <summary>The key that matches rows to records by their id instead of a unique field.</summary>
    public const string MatchById = "id";

    /// <param name="checkOnly">Only check the rows as they are (no database checks, nothing written): all-or-nothing imports use it to report every bad row.</param>
    public async Task<BulkWriteResult> WriteManyAsync(Caller caller, string app, string model, IReadOnlyList<JsonObject> bodies,
        BulkAction action, string? matchOn, bool skipBadRows, CancellationToken ct = default, bool checkOnly = false)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        return await WriteManyAsync(caller, compiledApp, model, bodies, action, matchOn, skipBadRows, checkOnly, null, null, ct);
    }

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
        var result = await WriteManyAsync(caller, compiledApp, model, bodies, BulkAction.Create, null, skipBadRows: false, checkOnly: false, forms, created, ct);
        if (result.Rejected.Count == 0) return created;
        var errors = new Dictionary<string, string[]>();
        foreach (var (i, rowErrors) in result.Rejected.OrderBy(r => r.Key))
            foreach (var (key, messages) in rowErrors) errors[bodies.Count == 1 ? key : $"[{i}].{key}"] = messages;
        throw new ValidationFailedException(bodies.Count == 1 ? "The record is not valid." : "Some records are not valid.", errors);
    }

    private async Task<BulkWriteResult> WriteManyAsync(Caller caller, CompiledApp compiledApp, string model, IReadOnlyList<JsonObject> bodies,
        BulkAction action, string? matchOn, bool skipBadRows, bool checkOnly, IReadOnlyList<string?>? forms, List<JsonObject>? created, CancellationToken ct)
    {
        var app = compiledApp.Key;
        var m = compiledApp.Model(model);
        var access = await policy.ForModelAsync(caller, app, model, ct);
        if (action != BulkAction.Update && !access.Can(ModelAction.Create)) throw new ForbiddenException($"You may not create records of '{model}'.");
        if (action != BulkAction.Create && !access.Can(ModelAction.Update)) throw new ForbiddenException($"You may not update records of '{model}'.");
        CheckMatchOn(m, access, action, matchOn);

        var rejected = new Dictionary<int, IDictionary<string, string[]>>();
        var matches = await MatchAsync(null, m, matchOn, bodies, ct);
        var plan = Plan(m, access, bodies, Enumerable.Range(0, bodies.Count), action, matchOn, matches);
        foreach (var (i, e) in plan.Rejected) rejected[i] = e;
        if (checkOnly || rejected.Count > 0 && !skipBadRows) return new BulkWriteResult(0, 0, rejected);

        // Database checks (references, unique values, rules, row scope) can still refuse rows: report them and, when skipping, write again without them.
        while (true)
        {
            await using var scope = await db.BeginWriteAsync(ct);
            var fresh = await catalog.GetAsync(scope.Connection, scope.Transaction, app, ct);
            var freshMatches = matchOn is null ? matches : await MatchAsync(scope, fresh.Model(model), matchOn, bodies, ct);
            if (fresh.Version != compiledApp.Version || !SameMatches(matches, freshMatches))
            {
                // The model or the records changed since the rows were checked: check them again inside the write.
                compiledApp = fresh;
                m = fresh.Model(model);
                matches = freshMatches;
                plan = Plan(m, access, bodies, plan.Alive, action, matchOn, matches);
                foreach (var (i, e) in plan.Rejected) rejected[i] = e;
                if (plan.Rejected.Count > 0 && !skipBadRows) return new BulkWriteResult(0, 0, rejected);
            }
            if (plan.Creates.Count == 0 && plan.Updates.Count == 0) return new BulkWriteResult(0, 0, rejected);

            var refused = new Dictionary<int, IDictionary<string, string[]>>();
            foreach (var (index, id, write) in plan.Updates)
            {
                try
                {
                    await UpdateInAsync(scope, caller, app, model, id, null, compiledApp, m, access, write, new Dictionary<string, string[]>(), ct);
                }
                catch (ValidationFailedException e) { refused[index] = e.Errors; }
                catch (ForbiddenException) { refused[index] = new Dictionary<string, string[]> { [matchOn!] = ["You may not update this record."] }; }
                catch (NotFoundException) { refused[index] = new Dictionary<string, string[]> { [matchOn!] = ["There is no record with this value that you may update."] }; }
                catch (ConflictException e) { refused[index] = new Dictionary<string, string[]> { [matchOn!] = [e.Message] }; }
            }
            await CreateBatchInAsync(scope, caller, compiledApp, m, access, plan.Creates, refused, checkOnly: refused.Count > 0, ct, forms, created);
            if (refused.Count == 0)
            {
                await scope.CommitAsync(ct);
                return new BulkWriteResult(plan.Creates.Count, plan.Updates.Count, rejected);
            }
            foreach (var (i, e) in refused) rejected[i] = e;
            if (!skipBadRows) return new BulkWriteResult(0, 0, rejected);
            plan = plan.Without(refused.Keys);
        }
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

    /// <summary>Live records whose match value appears in the rows: match text → record id (one query per 500 values).</summary>
    private async Task<Dictionary<string, string>> MatchAsync(WriteScope? scope, CompiledModel m, string? matchOn, IReadOnlyList<JsonObject> bodies, CancellationToken ct)
    {
        var result = new Dictionary<string, string>();
        if (matchOn is null) return result;
        var keys = new Dictionary<string, object>();
        foreach (var body in bodies)
            if (MatchKey(m, matchOn, body) is { } k) keys.TryAdd(k.Text, k.Stored);
        if (keys.Count == 0) return result;
        var f = matchOn == MatchById ? null : m.Field(matchOn);
        DbConnection? own = scope is null ? await db.OpenAsync(ct) : null;
        try
        {
            foreach (var chunk in keys.Values.Chunk(500))
            {
                var args = new DynamicParameters();
                var list = SqlList.In(args, "k", chunk.Select(D.ToParameter).ToList());
                var sql = $"SELECT {Q("id")} AS id, {Q(matchOn)} AS v FROM {Q(m.Table)} WHERE {Q(matchOn)} IN {list} AND {Q("deleted_at")} IS NULL";
                foreach (IDictionary<string, object?> row in await (own ?? scope!.Connection).QueryAsync(new CommandDefinition(sql, args, scope?.Transaction, cancellationToken: ct)))
                {
                    var text = f is null ? (string)row["v"]! : Convert.ToString(RecordReader.ToJson(f, row["v"]), CultureInfo.InvariantCulture) ?? "";
                    result[text] = (string)row["id"]!;
                }
            }
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
        return result;
    }

    private static bool SameMatches(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var id) && id == x.Value);

    /// <summary>Rows of a bulk write sorted into creates and updates, each checked and prepared once; refused rows with their reasons.</summary>
    private sealed class BulkPlan
    {
        public List<(int Index, PreparedWrite Write)> Creates { get; init; } = [];
        public List<(int Index, string Id, PreparedWrite Write)> Updates { get; init; } = [];
        public Dictionary<int, IDictionary<string, string[]>> Rejected { get; } = [];
        public IEnumerable<int> Alive => Creates.Select(c => c.Index).Concat(Updates.Select(u => u.Index)).Order();

        public BulkPlan Without(IEnumerable<int> refused)
        {
            var gone = refused.ToHashSet();
            return new BulkPlan { Creates = Creates.Where(c => !gone.Contains(c.Index)).ToList(), Updates = Updates.Where(u => !gone.Contains(u.Index)).ToList() };
        }
    }

    private BulkPlan Plan(CompiledModel m, ModelAccess access, IReadOnlyList<JsonObject> bodies, IEnumerable<int> rows,
        BulkAction action, string? matchOn, Dictionary<string, string> matches)
    {
        var plan = new BulkPlan();
        var defaultsAt = DateTimeOffset.UtcNow;   // a created row gets its defaultExpression values as a single create does
        var updated = new HashSet<string>();
        foreach (var i in rows)
        {
            var body = bodies[i];
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

    /// <summary>
    /// Creates the prepared rows inside the write: the same checks as a single create (given ids, references,
    /// unique values, auto-numbers, formulas, rules) for the whole batch, then multi-row INSERTs of the rows
    /// and of their audit rows, then the change listeners. A refused row is added to <paramref name="refused"/>
    /// and nothing is inserted; with <paramref name="checkOnly"/> only the checks run.
    /// </summary>
    /// <param name="forms">The form each row was submitted through, by row index (for form.submitted triggers).</param>
    /// <param name="created">Receives the created records as the caller sees them, in row order.</param>
    private async Task CreateBatchInAsync(WriteScope scope, Caller caller, CompiledApp compiledApp, CompiledModel m, ModelAccess access,
        IReadOnlyList<(int Index, PreparedWrite Write)> rows, Dictionary<int, IDictionary<string, string[]>> refused, bool checkOnly, CancellationToken ct,
        IReadOnlyList<string?>? forms = null, List<JsonObject>? created = null)
    {
        if (rows.Count == 0) return;
        var before = refused.Count;
        void Refuse(int index, string key, string message)
        {
            if (!refused.TryGetValue(index, out var e)) refused[index] = e = new Dictionary<string, string[]>();
            e[key] = e.TryGetValue(key, out var old) ? [.. old, message] : [message];
        }

        var now = DateTimeOffset.UtcNow;
        var ids = rows.Select(r => r.Write.Id ?? RecordId.New()).ToList();
        var given = rows.Select((r, i) => (r.Write.Id, i)).Where(x => x.Id is not null).ToList();
        var taken = await TakenIdsAsync(scope, m, given.Select(x => x.Id!), ct);
        var seen = new HashSet<string>();
        foreach (var (id, i) in given)
        {
            if (taken.Contains(id!)) Refuse(rows[i].Index, "id", "A record with this id already exists.");
            else if (!seen.Add(id!)) Refuse(rows[i].Index, "id", "The same record id is given twice.");
        }

        var errors = new Dictionary<string, string[]>();
        await CheckReferencesAsync(scope, compiledApp, m, caller, rows.Select((r, i) => (ids[i], r.Write.Values, $"[{i}].")).ToList(), errors, ct);
        if (m.HasCopiedValues) await CopiedValues.ApplyAsync(scope, D, compiledApp, m, rows.Select((r, i) => new CopiedValues.Row(r.Write.Values, null, $"[{i}].")).ToList(), errors, ct);
        var autoNumbers = m.StoredFields.Where(f => f.Type == "autoNumber").ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var prefix = $"[{i}].";
            var values = rows[i].Write.Values;
            foreach (var f in autoNumbers) values[f.Key] = await AutoNumberCounter.NextAsync(scope, D, m.Table, f, now, ct);
            _formulas.Compute(m, values, null, errors, prefix, now);
            if (m.Definition.Rules.Count > 0) _rules.Check(m, RuleChecker.NewRecord(m, ids[i], rows[i].Write, caller), null, caller, errors, prefix, now);
        }
        foreach (var (key, messages) in errors)
        {
            var end = key.IndexOf(']');
            var i = int.Parse(key[1..end], CultureInfo.InvariantCulture);
            foreach (var message in messages) Refuse(rows[i].Index, key[(end + 2)..], message);
        }
        if (checkOnly || refused.Count > before) return;

        var table = new List<object?[]>(rows.Count);
        var stamp = DateTimeFieldType.Format(now);
        var changes = new List<RecordChange>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var p = rows[i].Write;
            var owner = p.System.TryGetValue("owner", out var o) ? o : caller.IsSystem ? null : caller.UserId;
            var department = p.System.TryGetValue("department", out var dep) ? dep : caller.DepartmentId;
            var row = new object?[m.InsertColumns.Count];
            for (var c = 0; c < row.Length; c++)
                row[c] = NewRowValue(m.InsertColumns[c], ids[i], owner, department, caller, now, p);
            table.Add(row);

            // The same values a single create records, gathered first so the object is built at its final size.
            var values = new List<KeyValuePair<string, JsonNode?>>(8 + m.ActiveFields.Count)
            {
                new("id", ids[i]), new("rowVersion", 1), new("owner", (string?)owner), new("department", (string?)department),
                new("createdBy", caller.UserId), new("createdAt", stamp), new("updatedBy", caller.UserId), new("updatedAt", stamp),
            };
            foreach (var f in m.ActiveFields.Values)
            {
                if (f.Relation?.Kind == "oneToMany") continue;
                values.Add(new(f.Key, f.Rollup is { } r ? (r.Op is "count" or "sum" ? 0 : null)
                    : p.Values.TryGetValue(f.Key, out var v) ? RecordReader.StoredToJson(f, v)
                    : f.Type == "subTable" || f.Relation?.Kind == "manyToMany" ? new JsonArray() : null));
            }
            changes.Add(new RecordChange(compiledApp.Key, m.Key, ids[i], RecordChangeKind.Created, null, new JsonObject(values), caller, now) { Form = forms?[rows[i].Index] });
        }
        try
        {
            await BulkInsert.RunAsync(scope, D, m.Table, m.InsertColumns, table, ct);
        }
        catch (DbException e) when (D.IsUniqueViolation(e))
        {
            throw UniqueViolation(m, access, e, "");
        }
        for (var i = 0; i < rows.Count; i++) await WriteListsAsync(scope, compiledApp, m, ids[i], rows[i].Write.Values, ct);
        await audit.WriteManyAsync(scope, changes, ct);
        foreach (var change in changes)
            foreach (var listener in _listeners) await listener.OnChangedAsync(change, scope, ct);
        // Copies: the changes' values stay as the audit and the listeners were given them.
        created?.AddRange(changes.Select(c => Strip((JsonObject)c.After!.DeepClone(), access)));
    }
}
