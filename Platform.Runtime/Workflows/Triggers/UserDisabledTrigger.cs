using System.Text.Json.Nodes;
using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Starts an instance of every app's published workflow with this trigger when an administrator
/// disables a user (e.g. to re-route a departed rep's leads at once). Queued inside the transaction
/// that disables the user (see <see cref="WorkflowUserListener"/>); the instance sees
/// <c>trigger.user</c> = {id, userName, displayName, departmentId}. Optional "condition": JavaScript
/// over <c>user</c>.
/// </summary>
public sealed class UserDisabledTrigger : IWorkflowTrigger
{
    public string Type => "user.disabled";

    public static JsonObject Input(User user) => new()
    {
        ["kind"] = "user.disabled",
        ["user"] = new JsonObject
        {
            ["id"] = user.Id, ["userName"] = user.UserName, ["displayName"] = user.DisplayName, ["departmentId"] = user.DepartmentId,
        },
    };

    public bool Matches(PublishedWorkflow workflow, User user, Expressions.IExpressionEvaluator evaluator)
    {
        if (workflow.Definition.Trigger["condition"]?.GetValue<string>() is not { Length: > 0 } condition) return true;
        var value = evaluator.Evaluate(condition, new Dictionary<string, object?>
        {
            ["user"] = new Dictionary<string, object?> { ["id"] = user.Id, ["userName"] = user.UserName, ["departmentId"] = user.DepartmentId },
        });
        return Engine.PlainJson.IsTruthy(value);
    }
}
