using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Runtime.Tasks;

/// <summary>An approver as defined: kind user | role | departmentHead | field | expression, its value and (heads) levels.</summary>
public sealed record ApproverSpec(string Kind, JsonNode? Value, int Levels)
{
    public static readonly string[] Kinds = ["user", "role", "departmentHead", "field", "expression"];
}

/// <summary>A user who must act, and the absent user they stand in for (out-of-office delegation).</summary>
public sealed record Assignee(string UserId, string? OnBehalfOf);

/// <summary>
/// Turns approver definitions into user ids, inside the step's transaction: users by id or user name,
/// the members of an app role, the department head n levels above a user (heads above the user,
/// skipping the user), ids held in a record field, or ids an expression gives. Then applies delegation.
/// </summary>
public sealed class ApproverResolver(ISqlDialect dialect)
{
    private string Q(string name) => dialect.Quote(name);

    /// <summary>Users (ids or user names) that exist and are enabled, as ids, in the order given.</summary>
    public async Task<List<string>> UsersAsync(WriteScope scope, IEnumerable<string> idsOrNames, CancellationToken ct)
    {
        var found = new List<string>();
        foreach (var value in idsOrNames.Where(v => v.Length > 0).Distinct())
        {
            var id = await scope.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                $"SELECT id FROM {Q(UserStore.Table.Name)} WHERE (id = @value OR user_name = @value) AND disabled = @no",
                new { value, no = false }, scope.Transaction, cancellationToken: ct));
            if (id is not null && !found.Contains(id)) found.Add(id);
        }
        return found;
    }

    public async Task<List<string>> RoleMembersAsync(WriteScope scope, string app, string role, CancellationToken ct) =>
        (await scope.Connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT m.user_id FROM {Q(RoleMembershipStore.Table.Name)} m JOIN {Q(UserStore.Table.Name)} u ON u.id = m.user_id " +
            "WHERE m.app_key = @app AND m.role_key = @role AND u.disabled = @no ORDER BY m.user_id",
            new { app, role, no = false }, scope.Transaction, cancellationToken: ct))).ToList();

    /// <summary>The heads above a user, nearest first (the user's own department head unless that is the user, then upwards).</summary>
    public async Task<List<string>> HeadsAboveAsync(WriteScope scope, string userId, CancellationToken ct)
    {
        var department = await scope.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT department_id FROM {Q(UserStore.Table.Name)} WHERE id = @userId", new { userId }, scope.Transaction, cancellationToken: ct));
        if (department is null) return [];
        var all = (await scope.Connection.QueryAsync<(string id, string? head, string path)>(new CommandDefinition(
            $"SELECT id, head_user_id, path FROM {Q(DepartmentStore.Table.Name)}", transaction: scope.Transaction, cancellationToken: ct)))
            .ToDictionary(d => d.id);
        if (!all.TryGetValue(department, out var own)) return [];
        var heads = new List<string>();
        foreach (var id in own.path.Trim('/').Split('/').Reverse())
            if (all.GetValueOrDefault(id).head is { } head && head != userId && !heads.Contains(head)) heads.Add(head);
        return heads;
    }

    /// <summary>Replaces users who are away (an active delegation now) by their delegates.</summary>
    public async Task<List<Assignee>> DelegateAsync(WriteScope scope, IEnumerable<string> users, DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<Assignee>();
        foreach (var user in users)
        {
            var delegateId = await scope.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                $"SELECT delegate_id FROM {Q(TaskTables.Delegations)} WHERE user_id = @user AND starts_at <= @now AND ends_at >= @now",
                new { user, now = now.ToUnixTimeMilliseconds() }, scope.Transaction, cancellationToken: ct));
            var assignee = delegateId is null ? new Assignee(user, null) : new Assignee(delegateId, user);
            if (result.All(a => a.UserId != assignee.UserId)) result.Add(assignee);
        }
        return result;
    }
}
