namespace Platform.Runtime.Security;

/// <summary>Decides a caller's access to a model. The records engine asks it on every path.</summary>
public interface IAccessPolicy
{
    Task<ModelAccess> ForModelAsync(Caller caller, string app, string model, CancellationToken ct = default);
}
