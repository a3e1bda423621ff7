using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Triggers;

/// <summary>
/// Started by an outside system: POST /api/hooks/{app}/{workflow} with the secret in the
/// X-Webhook-Secret header. The definition keeps only the secret's SHA-256 ("secretHash"); the
/// comparison takes the same time whatever the header holds.
/// </summary>
public sealed class WebhookTrigger : IWorkflowTrigger
{
    public const string SecretHeader = "X-Webhook-Secret";
    public string Type => "webhook";

    public void Validate(JsonObject trigger, IDictionary<string, string[]> errors)
    {
        if (trigger["secretHash"] is not JsonValue v || !v.TryGetValue<string>(out var hash) || hash.Length != 64)
            errors["trigger.secret"] = ["A webhook trigger needs a 'secret' (at least 16 characters)."];
    }

    public static bool SecretMatches(JsonObject trigger, string? presented)
    {
        var expected = trigger["secretHash"]?.GetValue<string>() ?? "";
        var actual = WorkflowDefinitionStore.SecretHash(presented ?? "");
        return expected.Length == 64 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
    }
}
