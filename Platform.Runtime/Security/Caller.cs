namespace Platform.Runtime.Security;

/// <summary>
/// Who is acting: a signed-in user, an API token's user, or the system (workflows acting as
/// themselves). Every read and write in the runtime takes one, so permissions apply on every path.
/// </summary>
public sealed record Caller(
    string UserId,
    string UserName,
    bool IsAdmin,
    string? DepartmentId,
    IReadOnlyList<string> Roles)
{
    /// <summary>The platform itself (scheduled work, system steps of workflows): sees and may do everything.</summary>
    public static readonly Caller System = new("system", "system", true, null, []);

    public bool IsSystem => ReferenceEquals(this, System) || UserId == "system";

    /// <summary>Whether one of the caller's roles is a role of the app ("app/role"): the app is theirs to see.</summary>
    public bool IsMemberOf(string app) => Roles.Any(r => r.StartsWith(app + "/", StringComparison.Ordinal));
}
