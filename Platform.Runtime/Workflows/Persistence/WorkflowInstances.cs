using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Persistence;

public sealed record InstanceSummary(string Id, string App, string Workflow, long Version, string Status, string? Correlation,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed record JournalLine(long Seq, DateTimeOffset At, string? ActivityId, string? ActivityType, string Kind, string? Outcome, string Message);

public sealed record Incident(string Id, string? ActivityId, string? ActivityType, JsonNode? Inputs, string Error, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);

public sealed record InstanceDetail(InstanceSummary Instance, JsonNode? Variables, JsonNode? Trigger, IReadOnlyList<JournalLine> Journal,
    IReadOnlyList<Incident> Incidents, IReadOnlyList<string> WaitingFor);

/// <summary>Reads instances with their journal and incidents, for the designer and the API.</summary>
public sealed class WorkflowInstances(Database db)
{
    private string Q(string n) => db.Dialect.Quote(n);

    private sealed class Row
    {
        public string id { get; set; } = "";
        public string app { get; set; } = "";
        public string workflow_key { get; set; } = "";
        public long version { get; set; }
        public string status { get; set; } = "";
        public string state { get; set; } = "{}";
        public string? correlation { get; set; }
        public long created_at { get; set; }
        public long updated_at { get; set; }
        public long? completed_at { get; set; }
        public InstanceSummary ToSummary() => new(id, app, workflow_key, version, status, correlation, At(created_at), At(updated_at), completed_at is { } c ? At(c) : null);
    }

    private sealed class JournalRow
    {
        public long seq { get; set; }
        public long at { get; set; }
        public string? activity_id { get; set; }
        public string? activity_type { get; set; }
        public string entry_kind { get; set; } = "";
        public string? outcome { get; set; }
        public string message { get; set; } = "";
    }

    private sealed class IncidentRow
    {
        public string id { get; set; } = "";
        public string? activity_id { get; set; }
        public string? activity_type { get; set; }
        public string? inputs { get; set; }
        public string error { get; set; } = "";
        public long created_at { get; set; }
        public long? resolved_at { get; set; }
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    private const string Columns = "id, app, workflow_key, version, status, state, correlation, created_at, updated_at, completed_at";

    public async Task<IReadOnlyList<InstanceSummary>> ListAsync(string app, string workflow, string? status, int take = 100, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Q(WorkflowTables.Instances)} WHERE app = @app AND workflow_key = @workflow" +
            (status is null ? "" : " AND status = @status") + " ORDER BY created_at DESC, id DESC" + db.Dialect.Paging("@take", null),
            new { app, workflow, status, take }, cancellationToken: ct));
        return rows.Select(r => r.ToSummary()).ToList();
    }

    public async Task<InstanceDetail> GetAsync(string app, string instanceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {Q(WorkflowTables.Instances)} WHERE id = @instanceId AND app = @app", new { instanceId, app }, cancellationToken: ct))
            ?? throw new NotFoundException($"Instance '{instanceId}' does not exist in app '{app}'.");
        var journal = await c.QueryAsync<JournalRow>(new CommandDefinition(
            $"SELECT seq, at, activity_id, activity_type, entry_kind, outcome, message FROM {Q(WorkflowTables.Journal)} WHERE instance_id = @instanceId ORDER BY seq",
            new { instanceId }, cancellationToken: ct));
        var incidents = await c.QueryAsync<IncidentRow>(new CommandDefinition(
            $"SELECT id, activity_id, activity_type, inputs, error, created_at, resolved_at FROM {Q(WorkflowTables.Incidents)} WHERE instance_id = @instanceId ORDER BY created_at",
            new { instanceId }, cancellationToken: ct));
        var waiting = await c.QueryAsync<string>(new CommandDefinition(
            $"SELECT name FROM {Q(WorkflowTables.Bookmarks)} WHERE instance_id = @instanceId ORDER BY created_at", new { instanceId }, cancellationToken: ct));
        var state = JsonNode.Parse(row.state);
        return new InstanceDetail(row.ToSummary(), state?["vars"]?.DeepClone(), state?["trigger"]?.DeepClone(),
            journal.Select(j => new JournalLine(j.seq, At(j.at), j.activity_id, j.activity_type, j.entry_kind, j.outcome, j.message)).ToList(),
            incidents.Select(i => new Incident(i.id, i.activity_id, i.activity_type, i.inputs is null ? null : JsonNode.Parse(i.inputs), i.error, At(i.created_at), i.resolved_at is { } r ? At(r) : null)).ToList(),
            waiting.ToList());
    }
}
