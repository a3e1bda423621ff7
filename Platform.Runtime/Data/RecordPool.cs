using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Expressions;
using Platform.Runtime.Models;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>
/// The shared pool of a model (model option "pool", docs/permissions.md): claim a record nobody owns,
/// release your own back to the pool, assign a record to someone. Each is one transaction holding
/// the ownership change and its audit row (action claim | release | assign), and raises the record
/// change like any update.
/// </summary>
public sealed class RecordPool(Database db, ModelCatalog catalog, IAccessPolicy policy, RecordStore store, AuditLog audit,
    ExpressionSettings? settings = null, TimeProvider? clock = null)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(settings?.TimeZone ?? "Asia/Shanghai");
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private string Q(string s) => db.Dialect.Quote(s);

    private async Task<(CompiledApp App, CompiledModel Model, PoolOptions Pool)> PoolAsync(string app, string model, CancellationToken ct)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        var m = compiledApp.Model(model);
        return (compiledApp, m, m.Definition.Pool ?? throw new NotFoundException($"Model '{model}' has no shared pool."));
    }

    /// <summary>The caller becomes the owner of a record in the pool (and the record moves to their department).</summary>
    public async Task<JsonObject> ClaimAsync(Caller caller, string app, string model, string id, CancellationToken ct = default)
    {
        var (compiledApp, m, pool) = await PoolAsync(app, model, ct);
        var access = await policy.ForModelAsync(caller, app, model, ct);
        if (!caller.IsAdmin && !caller.IsSystem && !RoleAccessPolicy.IsPoolMember(caller, app, pool))
            throw new ForbiddenException($"Only members of the shared pool of '{model}' may claim its records.");
        await using var scope = await db.BeginWriteAsync(ct);
        // Claims of one user are counted one at a time: the user's row is the lock.
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q("lc_users")} SET id = id WHERE id = @id", new { id = caller.UserId }, scope.Transaction, cancellationToken: ct));
        var before = await store.ReadFullAsync(scope.Connection, scope.Transaction, compiledApp, m, caller, access, id, deleted: false, ct)
            ?? throw new NotFoundException($"There is no {model} record '{id}'.");
        if (before["owner"] is not null)
            throw new ConflictException(before["owner"]!.GetValue<string>() == caller.UserId ? "You already own this record." : "This record is not in the pool: someone owns it.",
                RecordStore.Strip((JsonObject)before.DeepClone(), access));
        var now = _clock.GetUtcNow();
        if (pool.CooldownDays > 0 && await audit.LastReleasedFromAsync(scope, app, model, id, caller.UserId, ct) is { } released
            && released.AddDays(pool.CooldownDays) > now)
        {
            var from = TimeZoneInfo.ConvertTime(released.AddDays(pool.CooldownDays), _zone);
            throw ValidationFailedException.For("owner",
                $"You returned this record to the pool on {TimeZoneInfo.ConvertTime(released, _zone):yyyy-MM-dd HH:mm}; you can claim it again after {from:yyyy-MM-dd HH:mm} ({pool.CooldownDays} days).");
        }
        if (pool.ClaimLimit is { } limit && !caller.IsSystem)
        {
            var claimed = await audit.CountClaimsAsync(scope, app, model, caller.UserId, pool.PeriodStart(now, _zone), ct);
            if (claimed >= limit)
                throw new TooManyRequestsException($"You have claimed {claimed} {model} records this {pool.ClaimPeriod}; the limit is {limit}.");
        }
        var department = caller.DepartmentId ?? before["department"]?.GetValue<string>();
        var n = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(m.Table)} SET {Q("owner")} = @owner, {Q("department")} = @department, {Q("updated_by")} = @owner, {Q("updated_at")} = @now, {Q("row_version")} = {Q("row_version")} + 1 " +
            $"WHERE {Q("id")} = @id AND {Q("owner")} IS NULL AND {Q("deleted_at")} IS NULL",
            new { owner = caller.UserId, department, now = db.Dialect.ToParameter(now), id }, scope.Transaction, cancellationToken: ct));
        if (n == 0) throw new ConflictException("Someone claimed this record at the same time.");
        return await FinishAsync(scope, compiledApp, m, caller, access, id, before, "claim", now, ct);
    }

    /// <summary>The owner (or an administrator) returns a record to the pool.</summary>
    public async Task<JsonObject> ReleaseAsync(Caller caller, string app, string model, string id, CancellationToken ct = default)
    {
        var (compiledApp, m, _) = await PoolAsync(app, model, ct);
        var access = await policy.ForModelAsync(caller, app, model, ct);
        await using var scope = await db.BeginWriteAsync(ct);
        var before = await store.ReadFullAsync(scope.Connection, scope.Transaction, compiledApp, m, caller, access, id, deleted: false, ct)
            ?? throw new NotFoundException($"There is no {model} record '{id}'.");
        var owner = before["owner"]?.GetValue<string>();
        if (owner is null) throw new ConflictException("This record is already in the pool.", RecordStore.Strip((JsonObject)before.DeepClone(), access));
        if (owner != caller.UserId && !caller.IsAdmin && !caller.IsSystem)
            throw new ForbiddenException("Only the owner can return a record to the pool.");
        var now = _clock.GetUtcNow();
        var n = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(m.Table)} SET {Q("owner")} = NULL, {Q("updated_by")} = @by, {Q("updated_at")} = @now, {Q("row_version")} = {Q("row_version")} + 1 " +
            $"WHERE {Q("id")} = @id AND {Q("owner")} = @owner AND {Q("deleted_at")} IS NULL",
            new { by = caller.UserId, now = db.Dialect.ToParameter(now), id, owner }, scope.Transaction, cancellationToken: ct));
        if (n == 0) throw new ConflictException("The record was changed by someone else.");
        return await FinishAsync(scope, compiledApp, m, caller, access, id, before, "release", now, ct);
    }

    /// <summary>
    /// Makes an enabled user the owner (and moves the record to their department). Needs update
    /// permission on the record and an editable owner; works on any model, pool or not.
    /// </summary>
    public async Task<JsonObject> AssignAsync(Caller caller, string app, string model, string id, string userId, CancellationToken ct = default)
    {
        var compiledApp = await catalog.GetAsync(app, ct);
        var m = compiledApp.Model(model);
        var access = await policy.ForModelAsync(caller, app, model, ct);
        if (!access.Can(ModelAction.Update)) throw new ForbiddenException($"You may not update records of '{model}'.");
        if (access.Field("owner") != FieldAccess.Editable) throw new ForbiddenException("You may not change the owner of these records.");
        await using var scope = await db.BeginWriteAsync(ct);
        var user = await scope.Connection.QuerySingleOrDefaultAsync<(string id, string? department_id, bool disabled)?>(new CommandDefinition(
            $"SELECT id, department_id, disabled FROM {Q("lc_users")} WHERE id = @userId", new { userId }, scope.Transaction, cancellationToken: ct));
        if (user is null || user.Value.disabled) throw ValidationFailedException.For("userId", $"There is no enabled user '{userId}'.");
        var before = await store.ReadForWriteAsync(scope, compiledApp, m, caller, access, id, deleted: false, ModelAction.Update, ct);
        if (before["owner"]?.GetValue<string>() == userId) return RecordStore.Strip(before, access);
        var now = _clock.GetUtcNow();
        var department = user.Value.department_id ?? before["department"]?.GetValue<string>();
        var version = before["rowVersion"]!.GetValue<long>();
        var n = await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(m.Table)} SET {Q("owner")} = @userId, {Q("department")} = @department, {Q("updated_by")} = @by, {Q("updated_at")} = @now, {Q("row_version")} = {Q("row_version")} + 1 " +
            $"WHERE {Q("id")} = @id AND {Q("row_version")} = @version AND {Q("deleted_at")} IS NULL",
            new { userId, department, by = caller.UserId, now = db.Dialect.ToParameter(now), id, version }, scope.Transaction, cancellationToken: ct));
        if (n == 0) throw new ConflictException("The record was changed by someone else.");
        return await FinishAsync(scope, compiledApp, m, caller, access, id, before, "assign", now, ct);
    }

    private async Task<JsonObject> FinishAsync(WriteScope scope, CompiledApp app, CompiledModel m, Caller caller, ModelAccess access, string id,
        JsonObject before, string action, DateTimeOffset now, CancellationToken ct)
    {
        var after = (await store.ReadFullAsync(scope.Connection, scope.Transaction, app, m, caller, ModelAccess.Everything, id, deleted: false, ct))!;
        await store.ChangedAsync(scope, new RecordChange(app.Key, m.Key, id, RecordChangeKind.Updated, before, after, caller, now) { Action = action }, ct);
        await scope.CommitAsync(ct);
        return RecordStore.Strip(after, access);
    }
}
