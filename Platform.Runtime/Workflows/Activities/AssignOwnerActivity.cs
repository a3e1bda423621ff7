using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Sets the owner of record "id" of "model". "strategy": roundRobin over "candidates" (a list of
/// user ids, or an expression) or the members of "group" ({"role"} or {"department"}, see
/// <see cref="AssignmentGroup"/>; the turn is a durable counter per workflow step),
/// leastLoaded (the candidate owning the fewest records matching "loadFilter"), or rule ("rules":
/// [{condition, owner}], first match; "candidates" as fallback round robin). The journal says who and why.
/// </summary>
public sealed class AssignOwnerActivity(IRecordGateway records) : IActivity
{
    public string Type => "assignOwner";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool WritesData => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var model = RecordActivityCaller.RequiredString(context, "model");
        var id = RecordActivityCaller.RequiredString(context, "id");
        var strategy = context.PropertyString("strategy") ?? "roundRobin";
        var candidates = (context.Property("candidates") as JsonArray ?? []).Select(c => c?.ToString() ?? "").Where(c => c.Length > 0).ToList();
        if (candidates.Count == 0 && context.Property("group") is { } group)
        {
            candidates = await AssignmentGroup.MembersAsync(context, group);
            if (candidates.Count == 0) throw new ActivityFailedException($"The group {PlainJson.Describe(group)} has no active members to assign to.");
        }
        var caller = RecordActivityCaller.Of(context);
        string owner;
        switch (strategy)
        {
            case "rule":
                var row = 0;
                foreach (var rule in context.Activity.Properties["rules"] as JsonArray ?? [])
                {
                    row++;
                    if (ActivityContext.ExpressionText(rule?["condition"]) is { } condition && PlainJson.IsTruthy(context.Evaluate(condition)))
                    {
                        owner = rule!["owner"] is { } o && ActivityContext.IsExpression(o) ? context.Evaluate(o["expr"]!.GetValue<string>())?.ToString() ?? "" : rule["owner"]?.ToString() ?? "";
                        context.Note($"rule {row} matched ({condition}) → {owner}");
                        return await AssignAsync(context, model, id, owner, caller);
                    }
                }
                context.Note($"no rule of {row} matched; round robin");
                goto case "roundRobin";
            case "roundRobin":
                if (candidates.Count == 0) throw new ActivityFailedException("Round robin needs 'candidates'.");
                var turn = await NextTurnAsync(context);
                owner = candidates[(int)(turn % candidates.Count)];
                context.Note($"round robin turn {turn + 1} of {candidates.Count} candidates → {owner}");
                break;
            case "leastLoaded":
                if (candidates.Count == 0) throw new ActivityFailedException("Least loaded needs 'candidates'.");
                var loads = new List<(string User, long Load)>();
                foreach (var c in candidates)
                {
                    var filter = new JsonObject { ["and"] = new JsonArray(new JsonObject { ["field"] = "owner", ["op"] = "eq", ["value"] = c }, context.Property("loadFilter") ?? new JsonObject { ["and"] = new JsonArray() }) };
                    loads.Add((c, await records.CountAsync(context.Scope, context.App, model, filter, caller, context.Cancellation)));
                }
                owner = loads.OrderBy(l => l.Load).First().User;
                context.Note($"least loaded: {string.Join(", ", loads.Select(l => $"{l.User}={l.Load}"))} → {owner}");
                break;
            default:
                throw new ActivityFailedException($"Unknown strategy '{strategy}': use roundRobin, leastLoaded or rule.");
        }
        return await AssignAsync(context, model, id, owner, caller);
    }

    private async Task<ActivityResult> AssignAsync(ActivityContext context, string model, string id, string owner, Security.Caller caller)
    {
        if (owner.Length == 0) throw new ActivityFailedException("The chosen owner is empty.");
        var values = new JsonObject { ["owner"] = owner };
        // "department": "owner" moves the record into the new owner's department, so department scopes (team leads) follow it.
        if (context.PropertyString("department") == "owner")
            values["department"] = await context.Scope.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT department_id FROM lc_users WHERE id = @owner", new { owner }, context.Scope.Transaction, cancellationToken: context.Cancellation));
        await records.UpdateAsync(context.Scope, context.App, model, id, values, caller, context.Cancellation);
        context.State.Outputs[context.Activity.Id] = owner;
        return ActivityResult.Outcome("Done");
    }

    // The turn counter lives in the database and moves inside the burst's transaction, so parallel instances share one rotation.
    private static async Task<long> NextTurnAsync(ActivityContext context)
    {
        var key = $"rr:{context.App}:{context.Workflow.Key}:{context.Activity.Id}";
        var c = context.Scope.Connection;
        var t = context.Scope.Transaction;
        var updated = await c.ExecuteAsync(new CommandDefinition($"UPDATE {WorkflowTables.Counters} SET counter_value = counter_value + 1 WHERE counter_key = @key", new { key }, t, cancellationToken: context.Cancellation));
        if (updated == 0)
            await c.ExecuteAsync(new CommandDefinition($"INSERT INTO {WorkflowTables.Counters} (counter_key, counter_value) VALUES (@key, 1)", new { key }, t, cancellationToken: context.Cancellation));
        return await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT counter_value FROM {WorkflowTables.Counters} WHERE counter_key = @key", new { key }, t, cancellationToken: context.Cancellation)) - 1;
    }
}
