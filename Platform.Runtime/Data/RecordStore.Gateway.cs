using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows;

namespace Platform.Runtime.Data;

/// <summary>
/// The record store as workflow steps use it: the same writes as the API (permissions, validation,
/// audit, change listeners) but inside the step's transaction, so a step's record writes commit or
/// roll back with the step. A caller that is a user is re-read from the database (department,
/// roles, disabled) so the step may do exactly what that user may do now.
/// </summary>
public sealed partial class RecordStore : IRecordGateway
{
    private async Task<Caller> ActingAsync(Caller caller, CancellationToken ct)
    {
        if (caller.IsSystem || users is null) return caller;
        return await users.CallerAsync(caller.UserId, ct)
            ?? throw new ForbiddenException($"User '{caller.UserName}' is disabled or no longer exists, so the step cannot act for them.");
    }

    async Task<JsonObject> IRecordGateway.CreateAsync(WriteScope scope, string app, string model, JsonObject values, Caller caller, CancellationToken ct)
    {
        caller = await ActingAsync(caller, ct);
        var compiledApp = await catalog.GetAsync(scope, app, ct);
        compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Create, ct);
        values = _defaults.Apply(compiledApp.Model(model), access, values, DateTimeOffset.UtcNow);
        var errors = new Dictionary<string, string[]>();
        List<PreparedWrite> Prepare(CompiledModel cm)
        {
            var one = RecordInput.Prepare(cm, access, values, create: true, errors);
            if (errors.Count > 0) throw new ValidationFailedException(Describe("The record is not valid", errors), errors);
            return [one];
        }
        var created = await Explained(() => CreateInAsync(scope, caller, app, model, [values], compiledApp, access, Prepare, null, errors, ct));
        return created[0];
    }

    async Task<JsonObject> IRecordGateway.UpdateAsync(WriteScope scope, string app, string model, string id, JsonObject values, Caller caller, CancellationToken ct)
    {
        caller = await ActingAsync(caller, ct);
        var compiledApp = await catalog.GetAsync(scope, app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Update, ct);
        var errors = new Dictionary<string, string[]>();
        var p = RecordInput.Prepare(m, access, values, create: false, errors);
        if (errors.Count > 0) throw new ValidationFailedException(Describe("The change is not valid", errors), errors);
        return await Explained(() => UpdateInAsync(scope, caller, app, model, id, null, compiledApp, m, access, p, errors, ct));
    }

    async Task IRecordGateway.DeleteAsync(WriteScope scope, string app, string model, string id, Caller caller, CancellationToken ct)
    {
        caller = await ActingAsync(caller, ct);
        var compiledApp = await catalog.GetAsync(scope, app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Delete, ct);
        await DeleteInAsync(scope, caller, app, model, id, null, compiledApp, m, access, ct);
    }

    async Task<IReadOnlyList<JsonObject>> IRecordGateway.QueryAsync(WriteScope scope, string app, string model, JsonNode? filter, JsonArray? sort, int limit, Caller caller, CancellationToken ct)
    {
        caller = await ActingAsync(caller, ct);
        var (compiledApp, m, access, qs, where) = await StartQueryAsync(scope, app, model, filter, caller, ct);
        var reader = new RecordReader(D, compiledApp, m);
        var fields = reader.Visible(access);
        var order = new List<string>();
        for (var i = 0; i < (sort?.Count ?? 0); i++)
        {
            var entry = sort![i] as JsonObject ?? throw ValidationFailedException.For($"sort[{i}]", "A sort entry is {field, desc} or {field, dir}.");
            var name = entry["field"]?.GetValueKind() == JsonValueKind.String ? entry["field"]!.GetValue<string>() : throw ValidationFailedException.For($"sort[{i}].field", "A sort entry needs a field.");
            var desc = entry["desc"]?.GetValueKind() == JsonValueKind.True || entry["dir"]?.ToString() == "desc";
            var rf = await qs.ResolveAsync(name, $"sort[{i}].field");
            if (rf.Field.Kind.Column(rf.Field) is null && rf.Field.Rollup is null) throw ValidationFailedException.For($"sort[{i}].field", $"Field '{name}' cannot be sorted.");
            order.Add(D.OrderTerm(rf.Sql, desc));
        }
        order.Add($"t.{Q("id")} ASC");
        var sql = $"SELECT {reader.SelectList(fields, qs)} FROM {Q(m.Table)} t{string.Join("", qs.Joins)} WHERE {where} ORDER BY {string.Join(", ", order)}{D.Paging(qs.Add((long)Math.Clamp(limit, 1, 10_000)), null)}";
        var rows = (await scope.Connection.QueryAsync(new CommandDefinition(sql, qs.Parameters, scope.Transaction, cancellationToken: ct))).Cast<IDictionary<string, object?>>().ToList();
        var items = rows.Select(r => Strip(reader.ToRecord(r, fields, access), access)).ToList();
        await reader.FillListsAsync(scope.Connection, scope.Transaction, items, fields, ct);
        return items;
    }

    async Task<long> IRecordGateway.CountAsync(WriteScope scope, string app, string model, JsonNode? filter, Caller caller, CancellationToken ct)
    {
        caller = await ActingAsync(caller, ct);
        var (_, m, _, qs, where) = await StartQueryAsync(scope, app, model, filter, caller, ct);
        return await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Q(m.Table)} t{string.Join("", qs.Joins)} WHERE {where}", qs.Parameters, scope.Transaction, cancellationToken: ct));
    }

    private async Task<(CompiledApp App, CompiledModel Model, ModelAccess Access, QueryScope Scope, string Where)> StartQueryAsync(
        WriteScope scope, string app, string model, JsonNode? filter, Caller caller, CancellationToken ct)
    {
        var compiledApp = await catalog.GetAsync(scope, app, ct);
        var m = compiledApp.Model(model);
        var access = await AccessAsync(caller, app, model, ModelAction.Read, ct);
        var qs = new QueryScope(D, compiledApp, m, access, x => policy.ForModelAsync(caller, app, x, ct));
        var rowFilter = access.RowFilter is null ? "1=1" : await new FilterCompiler(qs, m, QueryScope.RootAlias).CompileAsync(access.RowFilter, "rowFilter", trusted: true);
        var where = await new FilterCompiler(qs, m, QueryScope.RootAlias).CompileAsync(filter, "filter");
        return (compiledApp, m, access, qs, $"t.{Q("deleted_at")} IS NULL AND {rowFilter} AND {where}");
    }

    private static async Task<T> Explained<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (ValidationFailedException e) when (e.Errors.Count > 0 && !e.Message.Contains(": "))
        {
            throw new ValidationFailedException(Describe(e.Message.TrimEnd('.'), e.Errors), e.Errors);
        }
    }

    // A step's incident shows one line, so the field messages go into it.
    private static string Describe(string title, IDictionary<string, string[]> errors) =>
        $"{title}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}";
}
