using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// The users of an assignment "group": {"role": "rep"} (members of that role of this app) or
/// {"department": "&lt;id&gt;"} (users of that department). Disabled users are left out; the list is
/// ordered by user id so a round robin over it is stable between runs and nodes.
/// </summary>
public static class AssignmentGroup
{
    public static async Task<List<string>> MembersAsync(ActivityContext context, JsonNode? group)
    {
        if (group is null) return [];
        var c = context.Scope.Connection;
        var t = context.Scope.Transaction;
        var ct = context.Cancellation;
        if (group["role"]?.ToString() is { Length: > 0 } role)
            return (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT u.id FROM lc_role_members m JOIN lc_users u ON u.id = m.user_id WHERE m.app_key = @app AND m.role_key = @role AND u.disabled = @no ORDER BY u.id",
                new { app = context.App, role, no = false }, t, cancellationToken: ct))).ToList();
        if (group["department"]?.ToString() is { Length: > 0 } department)
            return (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT id FROM lc_users WHERE department_id = @department AND disabled = @no ORDER BY id",
                new { department, no = false }, t, cancellationToken: ct))).ToList();
        throw new ActivityFailedException("'group' is {\"role\": \"<role key>\"} or {\"department\": \"<department id>\"}.");
    }
}
