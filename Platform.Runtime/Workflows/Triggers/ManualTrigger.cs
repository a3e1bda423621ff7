namespace Platform.Runtime.Workflows.Triggers;

/// <summary>Started by a person with a button: POST /api/apps/{app}/workflows/{workflow}/run {recordId?, inputs}.</summary>
public sealed class ManualTrigger : IWorkflowTrigger
{
    public string Type => "manual";
}
