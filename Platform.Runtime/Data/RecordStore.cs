using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Expressions;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// Creates, reads, updates, soft-deletes and restores records of any model. Every call takes the
/// caller: the access policy decides the allowed actions, the row filter is ANDed into the SQL and
/// hidden fields never leave. Each write is one transaction holding the change, its audit row and
/// whatever the change listeners write.
/// </summary>
public sealed partial class RecordStore(Database db, ModelCatalog catalog, IAccessPolicy policy, AuditLog audit,
    IEnumerable<IRecordChangeListener> listeners, IExpressionEvaluator? evaluator = null, UserStore? users = null)
{
    private readonly IRecordChangeListener[] _listeners = listeners.ToArray();
    private readonly FormulaComputer _formulas = new(evaluator ?? DefaultEvaluator.Value);
    private readonly RuleChecker _rules = new(evaluator ?? DefaultEvaluator.Value);
    private readonly DefaultExpressions _defaults = new(evaluator ?? DefaultEvaluator.Value);
    private static readonly Lazy<IExpressionEvaluator> DefaultEvaluator = new(() => new JintExpressionEvaluator());
    private ISqlDialect D => db.Dialect;
    private AuditLog Audit => audit;
    private string Q(string s) => db.Dialect.Quote(s);

    private async Task<ModelAccess> AccessAsync(Caller caller, string app, string model, ModelAction action, CancellationToken ct)
    {
        var access = await policy.ForModelAsync(caller, app, model, ct);
        if (!access.Can(action)) throw new ForbiddenException($"You may not {action.ToString().ToLowerInvariant()} records of '{model}'.");
        return access;
    }

    // ---- create ----

    public async Task<JsonObject> CreateAsync(Caller caller, string app, string model, JsonObject body, CancellationToken ct = default) =>
        (await CreateManyAsync(caller, app, model, [body], ct))[0];

    /// <summary>
    /// Creates several records in one transaction: all or nothing. Errors are keyed by the record's
    /// position when there is more than one ("[3].amount").
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> CreateManyAsync(Caller caller, string app, string model, IReadOnlyList<JsonObject> bodies, CancellationToken ct = default)
    {
        // Checked against the cached definition first (outside the write turn), re-checked if it changed meanwhile.
        var compiledApp = catalog.Cached(app);
        if (compiledApp is null || !compiledApp.Models.ContainsKey(model)) compiledApp = await catalog.GetAsync(app, ct);
        var access = await AccessAsync(caller, app, model, ModelAction.Create, ct);
        var forms = SubmittedForms(compiledApp, model, ref bodies);
        var defaultsAt = DateTimeOffset.UtcNow;
        bodies = bodies.Select(b => _defaults.Apply(compiledApp.Model(model), access, b, defaultsAt)).ToList();
        var errors = new Dictionary<string, string[]>();
        List<PreparedWrite> Prepare(CompiledModel cm)
        {
            var list = new List<PreparedWrite>(bodies.Count);
            for (var i = 0; i < bodies.Count; i++)
                list.Add(RecordInput.Prepare(cm, access, bodies[i], create: true, errors, bodies.Count == 1 ? "" : $"[{i}]."));
            if (errors.Count > 0) throw new ValidationFailedException(bodies.Count == 1 ? "The record is not valid." : "Some records are not valid.", errors);
            return list;
        }
        var m = compiledApp.Model(model);
        var prepared = Prepare(m);

        await using var scope = await db.BeginWriteAsync(ct);
        var results = await CreateInAsync(scope, caller, app, model, bodies, compiledApp, access, Prepare, prepared, errors, ct, forms);
        await scope.CommitAsync(ct);
        return results;
    }

    /// <summary>The create inside a given transaction (a request's own, or a workflow step's).</summary>
    private async Task<List<JsonObject>> CreateInAsync(WriteScope scope, Caller caller, string app, string model, IReadOnlyList<JsonObject> bodies,
        CompiledApp compiledApp, ModelAccess access, Func<CompiledModel, List<PreparedWrite>> Prepare, List<PreparedWrite>? preparedOrNull,
        Dictionary<string, string[]> errors, CancellationToken ct, IReadOnlyList<string?>? forms = null)
    {
        var m = compiledApp.Model(model);
        var prepared = preparedOrNull ?? Prepare(m);
        var fresh = await catalog.GetAsync(scope, app, ct);
        if (fresh.Version != compiledApp.Version)
        {
            compiledApp = fresh;
            m = fresh.Model(model);
            prepared = Prepare(m);
        }
        var now = DateTimeOffset.UtcNow;
        var results = new List<JsonObject>(bodies.Count);
        var ids = prepared.Select(p => p.Id ?? RecordId.New()).ToList();
        var taken = await TakenIdsAsync(scope, m, prepared.Where(p => p.Id is not null).Select(p => p.Id!), ct);
        if (taken.Count > 0) throw new ConflictException($"A record with id '{taken.First()}' already exists.");
        if (ids.Distinct().Count() != ids.Count) throw new ConflictException("The same record id is given twice.");
        await CheckReferencesAsync(scope, compiledApp, m, caller,
            prepared.Select((p, i) => (ids[i], p.Values, bodies.Count == 1 ? "" : $"[{i}].")).ToList(), errors, ct);
        if (m.HasCopiedValues) await CopiedValues.ApplyAsync(scope, D, compiledApp, m, prepared.Select((p, i) => new CopiedValues.Row(p.Values, null, bodies.Count == 1 ? "" : $"[{i}].")).ToList(), errors, ct);
        // Auto-numbers, formulas and validation rules of the whole batch before anything is inserted.
        for (var i = 0; i < prepared.Count; i++)
        {
            var prefix = bodies.Count == 1 ? "" : $"[{i}].";
            foreach (var f in m.StoredFields.Where(f => f.Type == "autoNumber"))
                prepared[i].Values[f.Key] = await AutoNumberCounter.NextAsync(scope, D, m.Table, f, now, ct);
            _formulas.Compute(m, prepared[i].Values, null, errors, prefix, now);
            if (m.Definition.Rules.Count > 0) _rules.Check(m, RuleChecker.NewRecord(m, ids[i], prepared[i], caller), null, caller, errors, prefix, now);
        }
        if (errors.Count > 0) throw new ValidationFailedException(bodies.Count == 1 ? "The record is not valid." : "Some records are not valid.", errors);
        for (var i = 0; i < prepared.Count; i++)
        {
            var p = prepared[i];
            var prefix = bodies.Count == 1 ? "" : $"[{i}].";
            var id = ids[i];

            var owner = p.System.TryGetValue("owner", out var o) ? o : caller.IsSystem ? null : caller.UserId;
            var department = p.System.TryGetValue("department", out var dep) ? dep : caller.DepartmentId;
            var row = new object?[m.InsertColumns.Count];
            for (var c = 0; c < row.Length; c++) row[c] = NewRowValue(m.InsertColumns[c], id, owner, department, caller, now, p);
            await InsertUniqueAsync(scope, m, access, row, prefix, ct);
            await WriteListsAsync(scope, compiledApp, m, id, p.Values, ct);

            var after = new JsonObject
            {
                ["id"] = id, ["rowVersion"] = 1, ["owner"] = (string?)owner, ["department"] = (string?)department,
                ["createdBy"] = caller.UserId, ["createdAt"] = DateTimeFieldType.Format(now), ["updatedBy"] = caller.UserId, ["updatedAt"] = DateTimeFieldType.Format(now),
            };
            foreach (var f in m.ActiveFields.Values)
            {
                if (f.Relation?.Kind == "oneToMany") continue;
                after[f.Key] = f.Rollup is { } r ? (r.Op is "count" or "sum" ? 0 : null)
                    : p.Values.TryGetValue(f.Key, out var v) ? RecordReader.StoredToJson(f, v)
                    : f.Type == "subTable" || f.Relation?.Kind == "manyToMany" ? new JsonArray() : null;
            }
            await ChangedAsync(scope, new RecordChange(app, model, id, RecordChangeKind.Created, null, after, caller, now) { Form = forms?[i] }, ct);
            results.Add(Strip(after, access));
        }
        return results;
    }

    /// <summary>
    /// Takes "_form" (the key of the app's form the record was submitted through) out of each body:
    /// it is not a field, only news for form.submitted triggers. An unknown form is refused.
    /// </summary>
    private static string?[]? SubmittedForms(CompiledApp app, string model, ref IReadOnlyList<JsonObject> bodies)
    {
        if (!bodies.Any(b => b.ContainsKey("_form"))) return null;
        var forms = new string?[bodies.Count];
        var plain = new List<JsonObject>(bodies.Count);
        for (var i = 0; i < bodies.Count; i++)
        {
            var body = bodies[i];
            if (!body.ContainsKey("_form")) { plain.Add(body); continue; }
            var prefix = bodies.Count == 1 ? "" : $"[{i}].";
            var key = body["_form"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw ValidationFailedException.For(prefix + "_form", "'_form' is the key of a form.");
            var known = (app.Package["forms"] as JsonArray ?? []).Any(f => f?["key"]?.ToString() == key && f?["model"]?.ToString() == model);
            if (!known) throw ValidationFailedException.For(prefix + "_form", $"There is no form '{key}' for '{model}' in this app.");
            forms[i] = key;
            var copy = (JsonObject)body.DeepClone();
            copy.Remove("_form");
            plain.Add(copy);
        }
        bodies = plain;
        return forms;
    }

    /// <summary>What a new row stores in one of its model's insert columns: a system column, or the prepared value.</summary>
    private static object? NewRowValue(string column, string id, object? owner, object? department, Caller caller, DateTimeOffset now, PreparedWrite p) => column switch
    {
        "id" => id,
        "owner" => owner,
        "department" => department,
        "created_by" or "updated_by" => caller.UserId,
        "created_at" or "updated_at" => now,
        "row_version" => 1L,
        "deleted_at" => null,
        _ => p.Values.GetValueOrDefault(column) is FileRefList files ? FilesJson(files) : p.Values.GetValueOrDefault(column),
    };

    private static string FilesJson(FileRefList files) => JsonSerializer.Serialize(files.Files.Select(f => new { id = f.Id, name = f.Name, size = f.Size, contentType = f.ContentType }));

    /// <summary>
    /// Relations, users and files must exist (related records must be visible to the caller) and
    /// unique values must be free — checked for a whole batch with one query per field and 500 values.
    /// </summary>
    /// <param name="earlier">In a bulk write's later chunk: the rows before it, which count as part of the same batch.</param>
    private async Task CheckReferencesAsync(WriteScope scope, CompiledApp app, CompiledModel m, Caller caller,
        IReadOnlyList<(string Id, Dictionary<string, object?> Values, string Prefix)> rows, Dictionary<string, string[]> errors, CancellationToken ct,
        EarlierRows? earlier = null)
    {
        foreach (var key in rows.SelectMany(r => r.Values.Keys).Distinct().ToList())
        {
            var f = m.Field(key)!;
            // Most fields refer to nothing and are not unique: nothing to look up (sub-tables may hold relations in their lines).
            if (f.Relation is not { Kind: "manyToOne" or "manyToMany" } && f.Type is not ("user" or "subTable") && !f.Unique
                && rows.All(r => r.Values.GetValueOrDefault(key) is not FileRefList)) continue;
            var present = rows.Where(r => r.Values.GetValueOrDefault(key) is not null).ToList();
            if (present.Count == 0) continue;
            if (f.Relation is { Kind: "manyToOne" or "manyToMany" } rel)
            {
                List<string> IdsOf(object v) => v is string one ? [one] : (List<string>)v;
                var found = await VisibleIdsAsync(scope, app, caller, rel.Model, present.SelectMany(r => IdsOf(r.Values[key]!)).Distinct().ToList(), ct);
                foreach (var r in present)
                {
                    var missing = IdsOf(r.Values[key]!).Where(x => !found.Contains(x)).ToList();
                    if (missing.Count > 0) errors[r.Prefix + key] = [$"No {rel.Model} record with id {string.Join(", ", missing.Take(5).Select(x => $"'{x}'"))}."];
                }
            }
            else if (f.Type == "subTable")
            {
                // Relations in lines point to records the caller may see, as top-level ones do.
                foreach (var sub in (f.SubFields ?? []).Where(s => s.Relation?.Kind == "manyToOne"))
                {
                    var lines = present.Select(r => (r.Prefix, Lines: (List<SubTableRow>)r.Values[key]!)).ToList();
                    var wanted = lines.SelectMany(l => l.Lines).Select(l => l.Values.GetValueOrDefault(sub.Key) as string).OfType<string>().Distinct().ToList();
                    if (wanted.Count == 0) continue;
                    var found = await VisibleIdsAsync(scope, app, caller, sub.Relation!.Model, wanted, ct);
                    foreach (var (prefix, rowLines) in lines)
                        for (var i = 0; i < rowLines.Count; i++)
                            if (rowLines[i].Values.GetValueOrDefault(sub.Key) is string id && !found.Contains(id))
                            {
                                var message = $"Row {i + 1}, {sub.Key}: No {sub.Relation.Model} record with id '{id}'.";
                                errors[prefix + key] = errors.TryGetValue(prefix + key, out var old) ? [.. old, message] : [message];
                            }
                }
            }
            else if (f.Type == "user")
            {
                var wanted = present.Select(r => (string)r.Values[key]!).Distinct().ToList();
                var found = new HashSet<string>();
                foreach (var chunk in wanted.Chunk(500))
                {
                    var args = new DynamicParameters();
                    found.UnionWith(await scope.Connection.QueryAsync<string>(new CommandDefinition(
                        $"SELECT id FROM {Q("lc_users")} WHERE id IN {SqlList.In(args, "ids", chunk)}", args, scope.Transaction, cancellationToken: ct)));
                }
                foreach (var r in present.Where(r => !found.Contains((string)r.Values[key]!)))
                    errors[r.Prefix + key] = [$"There is no user '{r.Values[key]}'."];
            }
            else if (present[0].Values[key] is FileRefList)
            {
                foreach (var r in present)
                {
                    var files = (FileRefList)r.Values[key]!;
                    var args = new DynamicParameters();
                    var stored = (await scope.Connection.QueryAsync<(string id, string name, long size, string content_type)>(new CommandDefinition(
                        $"SELECT id, name, size, content_type FROM {Q("lc_files")} WHERE id IN {SqlList.In(args, "ids", files.Files.Select(x => x.Id).Distinct().ToList())}",
                        args, scope.Transaction, cancellationToken: ct))).ToDictionary(x => x.id);
                    var problems = new List<string>();
                    var resolved = new List<FileRef>();
                    foreach (var x in files.Files)
                    {
                        if (!stored.TryGetValue(x.Id, out var row)) { problems.Add($"There is no uploaded file '{x.Id}'."); continue; }
                        if (((AttachmentFieldType)f.Kind).Accepts(f, row.name, row.content_type) is { } why) problems.Add(why);
                        resolved.Add(new FileRef(row.id, row.name, row.size, row.content_type));
                    }
                    if (problems.Count > 0) errors[r.Prefix + key] = problems.Distinct().ToArray();
                    files.Files.Clear();
                    files.Files.AddRange(resolved);
                }
            }
            if (f.Unique && f.Kind.Column(f) is not null)
            {
                // Equal values inside the batch, then values already used by other records.
                var seen = new Dictionary<object, string>();
                foreach (var r in present)
                    if (!seen.TryAdd(r.Values[key]!, r.Id) || earlier?.Repeats(key, r.Values[key]!) == true) errors[r.Prefix + key] = ["This value is used twice in the same batch."];
                var owners = new Dictionary<string, string>();
                foreach (var chunk in present.Chunk(500))
                {
                    var args = new DynamicParameters();
                    var list = SqlList.In(args, "v", chunk.Select(r => D.ToParameter(r.Values[key])).ToList());
                    foreach (IDictionary<string, object?> row in await scope.Connection.QueryAsync(new CommandDefinition(
                        $"SELECT {Q("id")} AS id, {Q(f.Key)} AS v FROM {Q(m.Table)} WHERE {Q(f.Key)} IN {list}", args, scope.Transaction, cancellationToken: ct)))
                        owners[Convert.ToString(RecordReader.ToJson(f, row["v"]), System.Globalization.CultureInfo.InvariantCulture) ?? ""] = (string)row["id"]!;
                }
                foreach (var r in present)
                {
                    var k = Convert.ToString(RecordReader.StoredToJson(f, r.Values[key]), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    // A record an earlier chunk of the same write created is that chunk's row: the value is used twice, not taken.
                    if (owners.TryGetValue(k, out var owner) && owner != r.Id && earlier?.CreatedIds.Contains(owner) != true)
                        errors[r.Prefix + key] = ["This value is already used by another record."];
                }
            }
        }
    }

    /// <summary>Which of the ids name live records of the model that the caller may see (one query per 500).</summary>
    private async Task<HashSet<string>> VisibleIdsAsync(WriteScope scope, CompiledApp app, Caller caller, string model, IReadOnlyList<string> wanted, CancellationToken ct)
    {
        var target = app.Model(model);
        var targetAccess = await policy.ForModelAsync(caller, app.Key, target.Key, ct);
        var found = new HashSet<string>();
        foreach (var chunk in wanted.Chunk(500))
        {
            var qs = new QueryScope(D, app, target, ModelAccess.Everything, x => policy.ForModelAsync(caller, app.Key, x, ct));
            var filter = targetAccess.RowFilter is null ? "1=1" : await new FilterCompiler(qs, target, "t").CompileAsync(targetAccess.RowFilter, "rowFilter", trusted: true);
            var list = SqlList.In(qs.Parameters, "ids", chunk);
            found.UnionWith(await scope.Connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT t.{Q("id")} FROM {Q(target.Table)} t{string.Join("", qs.Joins)} WHERE t.{Q("id")} IN {list} AND t.{Q("deleted_at")} IS NULL AND {filter}",
                qs.Parameters, scope.Transaction, cancellationToken: ct)));
        }
        return found;
    }

    /// <summary>The error key of a unique violation: the field, unless it is hidden from the caller (then nothing names it).</summary>
    private static string UniqueKey(FieldDefinition? field, ModelAccess access) =>
        field is null || access.Field(field.Key) == FieldAccess.Hidden ? "$" : field.Key;

    /// <summary>
    /// What a unique index's refusal means to the caller: the field it names (unless hidden), or a taken id.
    /// Values are checked inside the write first, so only a concurrent writer gets here.
    /// </summary>
    private static Exception UniqueViolation(CompiledModel m, ModelAccess access, DbException e, string prefix)
    {
        var field = m.StoredFields.FirstOrDefault(f => (f.Unique || f.Type == "autoNumber") && e.Message.Contains(f.Key, StringComparison.Ordinal));
        if (field is null && e.Message.Contains("id", StringComparison.Ordinal)) return new ConflictException("A record with this id already exists.");
        return ValidationFailedException.For(prefix + UniqueKey(field, access), "This value is already used by another record.");
    }

    /// <summary>Inserts one new row through the write's kept insert command (the same statement every create of the model runs).</summary>
    private async Task InsertUniqueAsync(WriteScope scope, CompiledModel m, ModelAccess access, object?[] row, string prefix, CancellationToken ct)
    {
        try
        {
            await BulkInsert.RunAsync(scope, D, m.Table, m.InsertColumns, [row], ct);
        }
        catch (DbException e) when (D.IsUniqueViolation(e))
        {
            throw UniqueViolation(m, access, e, prefix);
        }
    }

    /// <summary>Replaces the many-to-many links, sub-table lines and file references given in <paramref name="values"/>.</summary>
    private async Task WriteListsAsync(WriteScope scope, CompiledApp app, CompiledModel m, string id, Dictionary<string, object?> values, CancellationToken ct)
    {
        foreach (var (key, value) in values)
        {
            var f = m.Field(key)!;
            if (value is FileRefList files || f.Type is "attachment" or "image")
                await Files.FileReferences.WriteAsync(scope, D, app.Key, m.Key, id, key, (value as FileRefList)?.Files.Select(x => x.Id) ?? [], ct);
            if (f.Relation?.Kind == "manyToMany")
            {
                var link = ModelTableNames.LinkTable(app.Key, m.Key, f.Key);
                await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Q(link)} WHERE {Q("source_id")} = @id", new { id }, scope.Transaction, cancellationToken: ct));
                foreach (var target in (List<string>?)value ?? [])
                    await scope.Connection.ExecuteAsync(new CommandDefinition($"INSERT INTO {Q(link)} ({Q("source_id")}, {Q("target_id")}) VALUES (@id, @target)", new { id, target }, scope.Transaction, cancellationToken: ct));
            }
            else if (f.Type == "subTable")
            {
                var child = ModelTableNames.SubTable(app.Key, m.Key, f.Key);
                await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Q(child)} WHERE {Q("parent_id")} = @id", new { id }, scope.Transaction, cancellationToken: ct));
                var subs = (f.SubFields ?? []).Where(s => s.Kind.Column(s) is not null).ToList();
                var sql = $"INSERT INTO {Q(child)} ({Q("id")}, {Q("parent_id")}, {Q("position")}{string.Join("", subs.Select(s => ", " + Q(s.Key)))}) " +
                          $"VALUES (@lineId, @id, @position{string.Join("", subs.Select((_, i) => ", @s" + i))})";
                var position = 0;
                var lines = (List<SubTableRow>?)value ?? [];
                foreach (var row in lines)
                {
                    var args = new DynamicParameters();
                    args.Add("@lineId", row.Id);
                    args.Add("@id", id);
                    args.Add("@position", (long)position++);
                    for (var i = 0; i < subs.Count; i++)
                    {
                        var v = row.Values.GetValueOrDefault(subs[i].Key);
                        args.Add("@s" + i, D.ToParameter(v is FileRefList lineFiles ? FilesJson(lineFiles) : v));
                    }
                    await scope.Connection.ExecuteAsync(new CommandDefinition(sql, args, scope.Transaction, cancellationToken: ct));
                }
                // Files on lines are referenced as "<subTable>.<field>" so their readers may download them.
                foreach (var sub in (f.SubFields ?? []).Where(s => s.Type is "attachment" or "image"))
                    await Files.FileReferences.WriteAsync(scope, D, app.Key, m.Key, id, $"{f.Key}.{sub.Key}",
                        lines.SelectMany(r => (r.Values.GetValueOrDefault(sub.Key) as FileRefList)?.Files.Select(x => x.Id) ?? []), ct);
            }
        }
    }

    internal async Task ChangedAsync(WriteScope scope, RecordChange change, CancellationToken ct)
    {
        await audit.WriteAsync(scope, change, ct);
        foreach (var listener in _listeners) await listener.OnChangedAsync(change, scope, ct);
    }

    /// <summary>Removes the fields the caller may not see.</summary>
    public static JsonObject Strip(JsonObject record, ModelAccess access)
    {
        if (access.Fields.Count == 0) return record;
        foreach (var (key, a) in access.Fields)
            if (a == FieldAccess.Hidden) record.Remove(key);
        return record;
    }

    // ---- read ----

    private async Task<(string Sql, DynamicParameters Args, RecordReader Reader, IReadOnlyList<FieldDefinition> Fields)> SelectOneAsync(
        CompiledApp app, CompiledModel m, Caller caller, ModelAccess access, ModelAction action, string id, bool deleted, CancellationToken ct)
    {
        var scope = new QueryScope(D, app, m, access, x => policy.ForModelAsync(caller, app.Key, x, ct));
        var filter = access.RowFilterFor(action);
        var rowFilter = filter is null ? "1=1" : await new FilterCompiler(scope, m, QueryScope.RootAlias).CompileAsync(filter, "rowFilter", trusted: true);
        var reader = new RecordReader(D, app, m);
        var fields = m.ActiveFields.Values.ToList();
        scope.Parameters.Add("@id", id);
        var sql = $"SELECT {reader.SelectList(fields, scope)} FROM {Q(m.Table)} t{string.Join("", scope.Joins)} WHERE t.{Q("id")} = @id " +
                  $"AND t.{Q("deleted_at")} IS {(deleted ? "NOT " : "")}NULL AND {rowFilter}";
        return (sql, scope.Parameters, reader, fields);
    }

    /// <summary>
    /// The record with every field (hidden ones included) for internal use inside a transaction, or
    /// null when it does not exist or lies outside the rows the caller may touch with <paramref name="action"/>.
    /// </summary>
    internal async Task<JsonObject?> ReadFullAsync(DbConnection c, DbTransaction? tx, CompiledApp app, CompiledModel m, Caller caller, ModelAccess access, string id, bool deleted, CancellationToken ct,
        ModelAction action = ModelAction.Read)
    {
        var (sql, args, reader, fields) = await SelectOneAsync(app, m, caller, access, action, id, deleted, ct);
        var row = (IDictionary<string, object?>?)await c.QuerySingleOrDefaultAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        if (row is null) return null;
        var record = reader.ToRecord(row, fields, ModelAccess.Everything);
        await reader.FillListsAsync(c, tx, [record], fields, ct);
        return record;
    }

    /// <summary>
    /// The record for a write with <paramref name="action"/>: its row filter decides (a role may read its
    /// department but update only its own rows). A record the caller can read but not touch is 403, one
    /// they cannot read 404, so nothing about invisible rows leaks.
    /// </summary>
    internal async Task<JsonObject> ReadForWriteAsync(WriteScope scope, CompiledApp app, CompiledModel m, Caller caller, ModelAccess access, string id, bool deleted, ModelAction action, CancellationToken ct)
    {
        if (D.LockRowSql(m.Table) is { } lockRow)
            await scope.Connection.ExecuteAsync(new CommandDefinition(lockRow, new { id }, scope.Transaction, cancellationToken: ct));
        var record = await ReadFullAsync(scope.Connection, scope.Transaction, app, m, caller, access, id, deleted, ct, action);
        if (record is not null) return record;
        if (access.Can(ModelAction.Read) && !JsonNode.DeepEquals(access.RowFilterFor(action), access.RowFilter) &&
            await ReadFullAsync(scope.Connection, scope.Transaction, app, m, caller, access, id, deleted, ct) is not null)
            throw new ForbiddenException($"You may not {action.ToString().ToLowerInvariant()} this {m.Key} record.");
        throw new NotFoundException(deleted ? $"There is no deleted {m.Key} record '{id}'." : $"There is no {m.Key} record '{id}'.");
    }

    public async Task<JsonObject> GetAsync(Caller caller, string app, string model, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var compiledApp = await catalog.GetAsync(c, null, app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Read, ct);
        var record = await ReadFullAsync(c, null, compiledApp, m, caller, access, id, deleted: false, ct)
            ?? throw new NotFoundException($"There is no {model} record '{id}'.");
        return Strip(record, access);
    }

    // ---- update ----

    public async Task<JsonObject> UpdateAsync(Caller caller, string app, string model, string id, long expectedVersion, JsonObject patch, CancellationToken ct = default)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Update, ct);
        var errors = new Dictionary<string, string[]>();
        var p = RecordInput.Prepare(m, access, patch, create: false, errors);
        if (errors.Count > 0) throw new ValidationFailedException("The change is not valid.", errors);

        await using var scope = await db.BeginWriteAsync(ct);
        var after = await UpdateInAsync(scope, caller, app, model, id, expectedVersion, compiledApp, m, access, p, errors, ct);
        await scope.CommitAsync(ct);
        return after;
    }

    /// <summary>Which of the ids given by the client already name a record of the model (deleted ones included).</summary>
    private async Task<HashSet<string>> TakenIdsAsync(WriteScope scope, CompiledModel m, IEnumerable<string> ids, CancellationToken ct)
    {
        var taken = new HashSet<string>();
        foreach (var chunk in ids.Chunk(500))
        {
            var args = new DynamicParameters();
            taken.UnionWith(await scope.Connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT {Q("id")} FROM {Q(m.Table)} WHERE {Q("id")} IN {SqlList.In(args, "ids", chunk.ToList())}", args, scope.Transaction, cancellationToken: ct)));
        }
        return taken;
    }

    /// <summary>The update inside a given transaction; a null expected version takes the current one.</summary>
    private async Task<JsonObject> UpdateInAsync(WriteScope scope, Caller caller, string app, string model, string id, long? expectedVersionOrNull,
        CompiledApp compiledApp, CompiledModel m, ModelAccess access, PreparedWrite p, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var before = await ReadForWriteAsync(scope, compiledApp, m, caller, access, id, deleted: false, ModelAction.Update, ct);
        await Tasks.RecordLocks.CheckAsync(scope, D, app, model, id, caller, ct);
        var current = before["rowVersion"]!.GetValue<long>();
        var expectedVersion = expectedVersionOrNull ?? current;
        if (current != expectedVersion)
            throw new ConflictException($"The record was changed by someone else (your version {expectedVersion}, current {current}).", Strip((JsonObject)before.DeepClone(), access));
        await CheckReferencesAsync(scope, compiledApp, m, caller, [(id, p.Values, "")], errors, ct);
        if (m.HasCopiedValues) await CopiedValues.ApplyAsync(scope, D, compiledApp, m, [new CopiedValues.Row(p.Values, before, "")], errors, ct);
        var now = DateTimeOffset.UtcNow;
        _formulas.Compute(m, p.Values, before, errors, "", now);
        _rules.Check(m, RuleChecker.UpdatedRecord(m, before, p), before, caller, errors, "", now);
        if (errors.Count > 0) throw new ValidationFailedException("The change is not valid.", errors);
        var sets = new List<string> { $"{Q("updated_by")} = @updatedBy", $"{Q("updated_at")} = @now", $"{Q("row_version")} = {Q("row_version")} + 1" };
        var args = new DynamicParameters();
        args.Add("@updatedBy", caller.UserId);
        args.Add("@now", D.ToParameter(now));
        args.Add("@id", id);
        args.Add("@expected", expectedVersion);
        var n = 0;
        foreach (var (key, value) in p.System)
        {
            sets.Add($"{Q(key)} = @v{n}");
            args.Add("@v" + n++, value);
        }
        foreach (var (key, value) in p.Values)
        {
            var f = m.Field(key)!;
            if (f.Kind.Column(f) is null) continue;
            sets.Add($"{Q(key)} = @v{n}");
            args.Add("@v" + n++, D.ToParameter(value is FileRefList files ? FilesJson(files) : value));
        }
        var changed = await UpdateUniqueAsync(scope, m, access, new CommandDefinition(
            $"UPDATE {Q(m.Table)} SET {string.Join(", ", sets)} WHERE {Q("id")} = @id AND {Q("row_version")} = @expected AND {Q("deleted_at")} IS NULL",
            args, scope.Transaction, cancellationToken: ct));
        if (changed == 0)
            throw new ConflictException("The record was changed by someone else.", Strip((JsonObject)before.DeepClone(), access));
        await WriteListsAsync(scope, compiledApp, m, id, p.Values, ct);

        var after = await ReadFullAsync(scope.Connection, scope.Transaction, compiledApp, m, caller, ModelAccess.Everything, id, deleted: false, ct);
        await ChangedAsync(scope, new RecordChange(app, model, id, RecordChangeKind.Updated, before, after, caller, now) { Action = OwnershipAction(m, before, after!) }, ct);
        return Strip(after!, access);
    }

    /// <summary>
    /// On a model with a shared pool, an update that takes the owner away (e.g. a workflow's
    /// updateRecord {"owner": null}) is a release, one that changes it an assignment.
    /// </summary>
    private static string? OwnershipAction(CompiledModel m, JsonObject before, JsonObject after)
    {
        if (m.Definition.Pool is null) return null;
        var was = before["owner"]?.GetValue<string>();
        var now = after["owner"]?.GetValue<string>();
        return was == now ? null : now is null ? "release" : "assign";
    }

    private async Task<int> UpdateUniqueAsync(WriteScope scope, CompiledModel m, ModelAccess access, CommandDefinition command)
    {
        try
        {
            return await scope.Connection.ExecuteAsync(command);
        }
        catch (DbException e) when (D.IsUniqueViolation(e))
        {
            throw UniqueViolation(m, access, e, "");
        }
    }

    // ---- delete and restore ----

    public async Task DeleteAsync(Caller caller, string app, string model, string id, long? expectedVersion, CancellationToken ct = default)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Delete, ct);
        await using var scope = await db.BeginWriteAsync(ct);
        await DeleteInAsync(scope, caller, app, model, id, expectedVersion, compiledApp, m, access, ct);
        await scope.CommitAsync(ct);
    }

    /// <summary>The soft delete inside a given transaction.</summary>
    private async Task DeleteInAsync(WriteScope scope, Caller caller, string app, string model, string id, long? expectedVersion,
        CompiledApp compiledApp, CompiledModel m, ModelAccess access, CancellationToken ct)
    {
        var before = await ReadForWriteAsync(scope, compiledApp, m, caller, access, id, deleted: false, ModelAction.Delete, ct);
        await Tasks.RecordLocks.CheckAsync(scope, D, app, model, id, caller, ct);
        var current = before["rowVersion"]!.GetValue<long>();
        if (expectedVersion is { } v && v != current)
            throw new ConflictException($"The record was changed by someone else (your version {v}, current {current}).", Strip((JsonObject)before.DeepClone(), access));
        var now = DateTimeOffset.UtcNow;
        var n = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(m.Table)} SET {Q("deleted_at")} = @now, {Q("updated_by")} = @by, {Q("updated_at")} = @now, {Q("row_version")} = {Q("row_version")} + 1 " +
            $"WHERE {Q("id")} = @id AND {Q("row_version")} = @current AND {Q("deleted_at")} IS NULL",
            new { now = D.ToParameter(now), by = caller.UserId, id, current }, scope.Transaction, cancellationToken: ct));
        if (n == 0) throw new ConflictException("The record was changed by someone else.", Strip((JsonObject)before.DeepClone(), access));
        await ChangedAsync(scope, new RecordChange(app, model, id, RecordChangeKind.Deleted, before, null, caller, now), ct);
    }

    public async Task<JsonObject> RestoreAsync(Caller caller, string app, string model, string id, CancellationToken ct = default)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Delete, ct);
        await using var scope = await db.BeginWriteAsync(ct);
        var deleted = await ReadForWriteAsync(scope, compiledApp, m, caller, access, id, deleted: true, ModelAction.Delete, ct);
        var now = DateTimeOffset.UtcNow;
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(m.Table)} SET {Q("deleted_at")} = NULL, {Q("updated_by")} = @by, {Q("updated_at")} = @now, {Q("row_version")} = {Q("row_version")} + 1 WHERE {Q("id")} = @id",
            new { now = D.ToParameter(now), by = caller.UserId, id }, scope.Transaction, cancellationToken: ct));
        var after = await ReadFullAsync(scope.Connection, scope.Transaction, compiledApp, m, caller, ModelAccess.Everything, id, deleted: false, ct);
        deleted.Remove("deletedAt");
        await ChangedAsync(scope, new RecordChange(app, model, id, RecordChangeKind.Restored, deleted, after, caller, now), ct);
        await scope.CommitAsync(ct);
        return Strip(after!, access);
    }

    // ---- history ----

    public async Task<IReadOnlyList<JsonObject>> HistoryAsync(Caller caller, string app, string model, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var compiledApp = await catalog.GetAsync(c, null, app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Read, ct);
        // The record must be visible to the caller (deleted or not).
        if (await ReadFullAsync(c, null, compiledApp, m, caller, access, id, deleted: false, ct) is null &&
            await ReadFullAsync(c, null, compiledApp, m, caller, access, id, deleted: true, ct) is null)
            throw new NotFoundException($"There is no {model} record '{id}'.");
        var entries = await audit.ReadAsync(app, model, id, ct);
        return entries.Select(e =>
        {
            var before = e.Before is null ? null : Strip(e.Before, access);
            var after = e.After is null ? null : Strip(e.After, access);
            var changed = new JsonArray();
            if (before is not null && after is not null)
                foreach (var (k, v) in after)
                    if (k is not ("rowVersion" or "updatedAt" or "updatedBy") && !JsonNode.DeepEquals(v, before[k])) changed.Add(k);
            return new JsonObject
            {
                ["id"] = e.Id, ["kind"] = e.Kind, ["action"] = e.Action ?? ActionOf(e.Kind), ["at"] = DateTimeFieldType.Format(e.At),
                ["by"] = new JsonObject { ["id"] = e.ActorId, ["userName"] = e.ActorName },
                ["changed"] = changed, ["before"] = before, ["after"] = after,
            };
        }).ToList();
    }

    /// <summary>The history's "action" of a plain change: create, update, delete, restore.</summary>
    private static string ActionOf(string kind) => kind switch
    {
        "created" => "create", "updated" => "update", "deleted" => "delete", "restored" => "restore", _ => kind,
    };
}
