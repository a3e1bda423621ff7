namespace Platform.Runtime.Workflows.Engine;

/// <summary>The activity types the engine knows, by their definition "type".</summary>
public sealed class ActivityRegistry(IEnumerable<IActivity> activities)
{
    private readonly Dictionary<string, IActivity> _byType = activities.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public IActivity? Find(string type) => _byType.GetValueOrDefault(type);
    public IReadOnlyCollection<string> Types => _byType.Keys;
}
