using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>A user's account as it was and as it will be (disabled, moved to another department, renamed…).</summary>
public sealed record UserChange(User Before, User After)
{
    public bool Disabled => !Before.Disabled && After.Disabled;
    public bool MovedDepartment => Before.DepartmentId != After.DepartmentId;
}

/// <summary>
/// Told of every change to a user inside the writing transaction, before commit, so what it
/// writes (e.g. work items that re-route a disabled user's leads at once) commits or rolls back
/// with the change. Throwing refuses the change.
/// </summary>
public interface IUserChangeListener
{
    Task OnUserChangedAsync(UserChange change, WriteScope scope, CancellationToken ct);
}
