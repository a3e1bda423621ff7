namespace Platform.Runtime.Security;

/// <summary>
/// A node of the organisation tree. <see cref="Path"/> is the materialised path of ids from the
/// root ("/root/child/self/"), so "this department and below" is one indexed prefix match.
/// </summary>
public sealed record Department(string Id, string Name, string? ParentId, string? HeadUserId, string Path)
{
    public int Depth => Path.Count(c => c == '/') - 2;
}
