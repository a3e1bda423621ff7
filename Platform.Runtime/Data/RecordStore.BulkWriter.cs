using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

public sealed partial class RecordStore
{
    /// <summary>
    /// Opens a bulk write of <paramref name="model"/>: one transaction (on SQLite, the write turn) that the
    /// rows are written into chunk by chunk, committed by <see cref="BulkWriter.CompleteAsync"/>.
    /// </summary>
    public async Task<BulkWriter> BeginBulkWriteAsync(Caller caller, string app, string model, BulkAction action, string? matchOn, bool skipBadRows,
        CancellationToken ct = default)
    {
        var scope = await db.BeginWriteAsync(ct);
        try
        {
            // The definition as of this transaction: every chunk is checked against the same one.
            var compiledApp = await catalog.GetAsync(scope, app, ct);
            var m = compiledApp.Model(model);
            var access = await policy.ForModelAsync(caller, app, model, ct);
            if (action != BulkAction.Update && !access.Can(ModelAction.Create)) throw new ForbiddenException($"You may not create records of '{model}'.");
            if (action != BulkAction.Create && !access.Can(ModelAction.Update)) throw new ForbiddenException($"You may not update records of '{model}'.");
            CheckMatchOn(m, access, action, matchOn);
            return new BulkWriter(this, scope, caller, compiledApp, m, access, action, matchOn, skipBadRows);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>Rows of a bulk write's chunk, checked as far as they can be without the database.</summary>
    public sealed class BulkChunk
    {
        internal BulkChunk(IReadOnlyList<(int Index, JsonObject Body)> rows, BulkPlan? plan)
        {
            Rows = rows;
            Plan = plan;
        }

        internal IReadOnlyList<(int Index, JsonObject Body)> Rows { get; }
        // Creates are planned when prepared; updates and upserts need the records they match, so inside the write.
        internal BulkPlan? Plan { get; }
    }

    /// <summary>
    /// What the earlier chunks of a bulk write leave for the later ones, so that every row is checked as if
    /// the whole file were one batch: a value of a unique field or a given id repeated in a later chunk is
    /// "used twice" (not "already used" by the record the earlier row created), and a record is updated once.
    /// </summary>
    private sealed class EarlierRows
    {
        public HashSet<string> CreatedIds { get; } = [];
        public HashSet<string> GivenIds { get; } = [];
        public HashSet<string> Updated { get; } = [];
        private readonly Dictionary<string, HashSet<object>> _uniques = [];

        public bool Repeats(string field, object value) => _uniques.TryGetValue(field, out var values) && values.Contains(value);

        /// <summary>Remembers the unique values and given ids of a chunk's rows to create (refused ones too, as in one batch).</summary>
        public void Add(CompiledModel m, IEnumerable<(int Index, PreparedWrite Write)> rows)
        {
            foreach (var (_, p) in rows)
            {
                if (p.Id is not null) GivenIds.Add(p.Id);
                foreach (var (key, value) in p.Values)
                {
                    if (value is null || m.Field(key) is not { Unique: true } f || f.Kind.Column(f) is null) continue;
                    if (!_uniques.TryGetValue(key, out var values)) _uniques[key] = values = [];
                    values.Add(value);
                }
            }
        }
    }

    /// <summary>
    /// One bulk write in one transaction, fed chunk by chunk (an import streams its file this way). Each chunk's
    /// rows are checked like API creates and patches — against the earlier chunks too, as one batch — and the
    /// accepted ones written: creates as multi-row INSERTs of the rows and their audit rows through commands
    /// reused for the whole write, updates through the PATCH path. All or nothing: after the first refused row
    /// nothing more is written, the remaining rows are only checked (so each is reported), and nothing is
    /// committed. With skipBadRows: each failing row is rolled back to a savepoint and reported, the rest written.
    /// </summary>
    /// <remarks>Made by <see cref="BeginBulkWriteAsync"/> (a write scope cannot be had elsewhere).</remarks>
    public sealed class BulkWriter(RecordStore store, WriteScope scope, Caller caller, CompiledApp app, CompiledModel model, ModelAccess access,
        BulkAction action, string? matchOn, bool skipBadRows) : IAsyncDisposable
    {
        private readonly Dictionary<int, IDictionary<string, string[]>> _rejected = [];
        private readonly EarlierRows _earlier = new();
        private BulkInsert? _rows, _audits;
        private int _created, _updated, _savepoints;

        /// <summary>The app and model as of the write's transaction, and what the caller may do with the model.</summary>
        public CompiledApp App { get; } = app;
        public CompiledModel Model { get; } = model;
        public ModelAccess Access { get; } = access;

        /// <summary>The form each row was submitted through, by row index (for form.submitted triggers).</summary>
        internal IReadOnlyList<string?>? Forms { get; set; }

        /// <summary>Receives the created records as the caller sees them, in row order.</summary>
        internal List<JsonObject>? Created { get; set; }

        // All or nothing and a row was refused: nothing more is written, nothing committed.
        private bool Failed => !skipBadRows && _rejected.Count > 0;

        /// <summary>A row refused before it reached the writer (e.g. a cell that is not a number).</summary>
        public void Reject(int index, IDictionary<string, string[]> errors) => _rejected[index] = errors;

        /// <summary>
        /// Checks and prepares the rows of a chunk as far as no database is needed (creates: defaults, field
        /// checks). Touches nothing of the write, so it may run while the previous chunk is being written.
        /// </summary>
        /// <param name="rows">The rows by index (a position, or an import's line).</param>
        public BulkChunk Prepare(IReadOnlyList<(int Index, JsonObject Body)> rows) =>
            new(rows, action == BulkAction.Create ? store.Plan(Model, Access, rows, action, null, [], []) : null);

        /// <summary>Checks the chunk's rows inside the write and writes the accepted ones (unless an earlier row failed an all-or-nothing write).</summary>
        public async Task WriteAsync(BulkChunk chunk, CancellationToken ct)
        {
            var plan = chunk.Plan ?? store.Plan(Model, Access, chunk.Rows, action, matchOn,
                await store.MatchAsync(scope, Model, matchOn, chunk.Rows.Select(r => r.Body), _earlier.CreatedIds, ct), _earlier.Updated);
            foreach (var (i, e) in plan.Rejected) _rejected[i] = e;

            // Updates one by one through the PATCH path; a refused one is undone alone (its savepoint), the others stay.
            foreach (var (index, id, write) in plan.Updates)
            {
                var savepoint = await SaveAsync(ct);
                var refused = await UpdateAsync(id, write, ct);
                if (refused is null)
                {
                    await scope.Transaction.ReleaseAsync(savepoint, ct);
                    _updated++;
                    continue;
                }
                await scope.Transaction.RollbackAsync(savepoint, ct);
                _rejected[index] = refused;
            }
            await CreateAsync(plan.Creates, ct);
        }

        private async Task<IDictionary<string, string[]>?> UpdateAsync(string id, PreparedWrite write, CancellationToken ct)
        {
            try
            {
                await store.UpdateInAsync(scope, caller, App.Key, Model.Key, id, null, App, Model, Access, write, new Dictionary<string, string[]>(), ct);
                return null;
            }
            catch (ValidationFailedException e) { return e.Errors; }
            catch (ForbiddenException) { return new Dictionary<string, string[]> { [matchOn!] = ["You may not update this record."] }; }
            catch (NotFoundException) { return new Dictionary<string, string[]> { [matchOn!] = ["There is no record with this value that you may update."] }; }
            catch (ConflictException e) { return new Dictionary<string, string[]> { [matchOn!] = [e.Message] }; }
        }

        /// <summary>
        /// The chunk's creates: all or nothing, checked and (while nothing failed) inserted. Skipping bad rows,
        /// under a savepoint: when rows are refused, or a concurrent writer took a unique value at the insert,
        /// the chunk is undone (auto-numbers included) and written again without the refused rows.
        /// </summary>
        private async Task CreateAsync(List<(int Index, PreparedWrite Write)> creates, CancellationToken ct)
        {
            if (creates.Count == 0) return;
            var reached = creates;
            try
            {
                if (!skipBadRows)
                {
                    var refused = new Dictionary<int, IDictionary<string, string[]>>();
                    await CreateBatchAsync(creates, refused, checkOnly: Failed, ct);
                    foreach (var (i, e) in refused) _rejected[i] = e;
                    return;
                }
                for (var attempt = 1; creates.Count > 0; attempt++)
                {
                    var savepoint = await SaveAsync(ct);
                    var refused = new Dictionary<int, IDictionary<string, string[]>>();
                    try
                    {
                        await CreateBatchAsync(creates, refused, checkOnly: false, ct);
                    }
                    catch (Exception e) when (e is ValidationFailedException or ConflictException && attempt < 3)
                    {
                        // Only a concurrent writer gets here (values are checked first): check again, now seeing its rows.
                        await scope.Transaction.RollbackAsync(savepoint, ct);
                        continue;
                    }
                    if (refused.Count == 0)
                    {
                        await scope.Transaction.ReleaseAsync(savepoint, ct);
                        return;
                    }
                    await scope.Transaction.RollbackAsync(savepoint, ct);
                    foreach (var (i, e) in refused) _rejected[i] = e;
                    creates = creates.Where(c => !refused.ContainsKey(c.Index)).ToList();
                }
            }
            finally
            {
                // Checked once per chunk, with every row that reached the database checks (as in one batch).
                _earlier.Add(Model, reached);
            }
        }

        private async Task<string> SaveAsync(CancellationToken ct)
        {
            var name = "bulk_" + _savepoints++;
            await scope.Transaction.SaveAsync(name, ct);
            return name;
        }

        /// <summary>
        /// Creates the prepared rows: the same checks as a single create (given ids, references, unique values,
        /// auto-numbers, formulas, rules) for the whole chunk, then multi-row INSERTs of the rows and of their audit
        /// rows, then the change listeners. A refused row is added to <paramref name="refused"/> and nothing is
        /// inserted; with <paramref name="checkOnly"/> only the checks run.
        /// </summary>
        private async Task CreateBatchAsync(IReadOnlyList<(int Index, PreparedWrite Write)> rows, Dictionary<int, IDictionary<string, string[]>> refused,
            bool checkOnly, CancellationToken ct)
        {
            var (s, m) = (store, Model);
            var before = refused.Count;
            void Refuse(int index, string key, string message)
            {
                if (!refused.TryGetValue(index, out var e)) refused[index] = e = new Dictionary<string, string[]>();
                e[key] = e.TryGetValue(key, out var old) ? [.. old, message] : [message];
            }

            var now = DateTimeOffset.UtcNow;
            var ids = rows.Select(r => r.Write.Id ?? RecordId.New()).ToList();
            var given = rows.Select((r, i) => (r.Write.Id, i)).Where(x => x.Id is not null).ToList();
            var taken = await s.TakenIdsAsync(scope, m, given.Select(x => x.Id!), ct);
            var seen = new HashSet<string>();
            foreach (var (id, i) in given)
            {
                // An id an earlier chunk created was given by an earlier row: given twice, as in one batch.
                if (taken.Contains(id!) && !_earlier.CreatedIds.Contains(id!)) Refuse(rows[i].Index, "id", "A record with this id already exists.");
                else if (!seen.Add(id!) || _earlier.GivenIds.Contains(id!)) Refuse(rows[i].Index, "id", "The same record id is given twice.");
            }

            var errors = new Dictionary<string, string[]>();
            var prefixes = new string[rows.Count];
            for (var i = 0; i < prefixes.Length; i++) prefixes[i] = $"[{i}].";
            await s.CheckReferencesAsync(scope, App, m, caller, rows.Select((r, i) => (ids[i], r.Write.Values, prefixes[i])).ToList(), errors, ct, _earlier);
            if (m.HasCopiedValues) await CopiedValues.ApplyAsync(scope, s.D, App, m, rows.Select((r, i) => new CopiedValues.Row(r.Write.Values, null, prefixes[i])).ToList(), errors, ct);
            var autoNumbers = m.StoredFields.Where(f => f.Type == "autoNumber").ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                var values = rows[i].Write.Values;
                foreach (var f in autoNumbers) values[f.Key] = await AutoNumberCounter.NextAsync(scope, s.D, m.Table, f, now, ct);
                s._formulas.Compute(m, values, null, errors, prefixes[i], now);
                if (m.Definition.Rules.Count > 0) s._rules.Check(m, RuleChecker.NewRecord(m, ids[i], rows[i].Write, caller), null, caller, errors, prefixes[i], now);
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
                changes.Add(new RecordChange(App.Key, m.Key, ids[i], RecordChangeKind.Created, null, new JsonObject(values), caller, now) { Form = Forms?[rows[i].Index] });
            }
            // The audit rows' JSON is written on another core while the records are inserted (it reads the changes only).
            var audits = Task.Run(() => AuditLog.Rows(changes), ct);
            try
            {
                await (_rows ??= new BulkInsert(scope, s.D, m.Table, m.InsertColumns)).RunAsync(table, ct);
            }
            catch (System.Data.Common.DbException e) when (s.D.IsUniqueViolation(e))
            {
                throw UniqueViolation(m, Access, e, "");
            }
            for (var i = 0; i < rows.Count; i++) await s.WriteListsAsync(scope, App, m, ids[i], rows[i].Write.Values, ct);
            await (_audits ??= s.Audit.OpenBulkInsert(scope)).RunAsync(await audits, ct);
            foreach (var change in changes)
                foreach (var listener in s._listeners) await listener.OnChangedAsync(change, scope, ct);
            _earlier.CreatedIds.UnionWith(ids);
            _created += rows.Count;
            // Copies: the changes' values stay as the audit and the listeners were given them.
            Created?.AddRange(changes.Select(c => Strip((JsonObject)c.After!.DeepClone(), Access)));
        }

        /// <summary>
        /// Ends the write: commits what was written and reports it, or — all or nothing with a refused row —
        /// rolls everything back and reports the refused rows alone.
        /// </summary>
        public async Task<BulkWriteResult> CompleteAsync(CancellationToken ct)
        {
            await DisposeInsertsAsync();
            if (Failed) return new BulkWriteResult(0, 0, _rejected);
            await scope.CommitAsync(ct);
            return new BulkWriteResult(_created, _updated, _rejected);
        }

        private async Task DisposeInsertsAsync()
        {
            if (_rows is not null) await _rows.DisposeAsync();
            if (_audits is not null) await _audits.DisposeAsync();
            _rows = _audits = null;
        }

        /// <summary>Rolls back whatever was not committed.</summary>
        public async ValueTask DisposeAsync()
        {
            await DisposeInsertsAsync();
            await scope.DisposeAsync();
        }
    }
}
