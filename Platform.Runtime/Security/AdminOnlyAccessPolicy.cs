namespace Platform.Runtime.Security;

/// <summary>
/// The policy until roles are configured: administrators and the system may do everything,
/// everybody else nothing. Replaced by the role-based policy.
/// </summary>
public sealed class AdminOnlyAccessPolicy : IAccessPolicy
{
    public Task<ModelAccess> ForModelAsync(Caller caller, string app, string model, CancellationToken ct = default) =>
        Task.FromResult(caller.IsAdmin ? ModelAccess.Everything : ModelAccess.Nothing);
}
