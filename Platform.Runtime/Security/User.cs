namespace Platform.Runtime.Security;

/// <summary>A person who signs in. The password hash never leaves <see cref="UserStore"/>.</summary>
public sealed record User(string Id, string UserName, string? DisplayName, string? Email, bool IsAdmin, bool Disabled,
    string? DepartmentId = null);
