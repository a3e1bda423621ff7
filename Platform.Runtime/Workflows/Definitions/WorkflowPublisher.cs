using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;
using Platform.Runtime.Workflows.Triggers;

namespace Platform.Runtime.Workflows.Definitions;

/// <summary>
/// Publishing: the draft is validated (refused with the activity named), becomes the published
/// version, the previous one is retired (its running instances continue on it), and the trigger arms
/// what it needs (a schedule's next occurrence) in the same transaction.
/// </summary>
public sealed class WorkflowPublisher(Database db, WorkflowDefinitionStore store, WorkflowValidator validator, WorkflowCatalog catalog,
    TriggerRegistry triggers, WorkQueue queue, IExpressionEvaluator evaluator, TimeProvider clock, WorkSignal signal, Decisions.AppDecisionTables decisionTables)
{
    /// <summary>Checks a definition as publishing would, against the app's decision tables too (dry runs).</summary>
    public async Task ValidateAsync(string app, WorkflowDefinition definition, CancellationToken ct = default)
    {
        validator.Validate(definition, Decisions.AppDecisionTables.Keys(await decisionTables.ListAsync(app, ct)));
    }

    public async Task<long> PublishAsync(string app, string key, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var draft = await store.DraftAsync(scope, app, key, ct)
            ?? throw new ConflictException($"Workflow '{key}' has no draft to publish (save it with PUT first, or it is already published).");
        validator.Validate(draft.Definition, await decisionTables.KeysAsync(scope, app, ct));
        await store.MarkPublishedAsync(scope, app, key, draft.Version, ct);
        // Timers armed by the previous version (schedule) are replaced by this version's.
        await queue.DeleteByKeyPrefixAsync(scope, $"cron:{app}:{key}", ct);
        var context = new TriggerContext(scope, queue, evaluator, clock.GetUtcNow(), ct);
        await triggers.Find(draft.Definition.TriggerType)!.OnPublishedAsync(context, new PublishedWorkflow(app, key, draft.Version, draft.Definition));
        scope.AfterCommit(catalog.Invalidate);
        if (context.WakeWorker) scope.AfterCommit(signal.Notify);
        await scope.CommitAsync(ct);
        return draft.Version;
    }

    /// <summary>Checks the workflows of a package before the app is created, so a broken one refuses the whole import.</summary>
    public void ValidatePackage(JsonObject package)
    {
        foreach (var node in package["workflows"] as JsonArray ?? [])
        {
            if (node is not JsonObject json) throw ValidationFailedException.For("workflows", "Each workflow must be a JSON object.");
            var copy = (JsonObject)json.DeepClone();
            WorkflowDefinitionStore.HashWebhookSecret(copy);
            var definition = WorkflowDefinition.Parse(copy);
            if (json["published"] is JsonValue p && p.TryGetValue<bool>(out var published) && published)
                validator.Validate(definition, Decisions.AppDecisionTables.Keys(package));
        }
    }

    /// <summary>
    /// Installs the workflows an app package carries (template, import, copy) as drafts and publishes
    /// those marked "published": true or named in <paramref name="publish"/> (a copy publishes what its source had published).
    /// </summary>
    public async Task InstallFromPackageAsync(string app, JsonObject package, IReadOnlyCollection<string>? publish = null, CancellationToken ct = default)
    {
        foreach (var node in package["workflows"] as JsonArray ?? [])
        {
            if (node is not JsonObject json) continue;
            var existing = await store.ListAsync(app, ct);
            var key = json["key"]?.GetValue<string>();
            if (key is null || existing.Any(w => w.Key == key)) continue;
            var copy = (JsonObject)json.DeepClone();
            await store.SaveDraftAsync(app, copy, ct);
            if ((json["published"] is JsonValue p && p.TryGetValue<bool>(out var published) && published) || publish?.Contains(key) == true)
                await PublishAsync(app, key, ct);
        }
    }
}
