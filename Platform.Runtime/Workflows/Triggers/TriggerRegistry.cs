namespace Platform.Runtime.Workflows.Triggers;

/// <summary>The trigger types the runtime knows, by their definition "type".</summary>
public sealed class TriggerRegistry(IEnumerable<IWorkflowTrigger> triggers)
{
    private readonly Dictionary<string, IWorkflowTrigger> _byType = triggers.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public IWorkflowTrigger? Find(string type) => _byType.GetValueOrDefault(type);
    public IReadOnlyCollection<string> Types => _byType.Keys;
}
