using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>One entry of a record's history.</summary>
public sealed record AuditEntry(string Id, string Kind, string? ActorId, string? ActorName, DateTimeOffset At, JsonObject? Before, JsonObject? After);

/// <summary>
/// The audit table: one row per record change (who, when, kind, values before and after), written in
/// the same transaction as the change so the history can never disagree with the data.
/// </summary>
public sealed class AuditLog(Database db)
{
    public static readonly SystemTable Table = new("lc_audit",
    [
        new("id", SqlType.Id, PrimaryKey: true),
        new("app", SqlType.Text, Nullable: false),
        new("model", SqlType.Text, Nullable: false),
        new("record_id", SqlType.Id, Nullable: false),
        new("kind", SqlType.Text, Nullable: false),
        new("actor_id", SqlType.Text),
        new("actor_name", SqlType.Text),
        new("at", SqlType.DateTime, Nullable: false),
        new("before_json", SqlType.LongText),
        new("after_json", SqlType.LongText),
    ], [new("ix_lc_audit_record", ["app", "model", "record_id"])]);

    private string? _insert;

    public async Task WriteAsync(WriteScope scope, RecordChange change, CancellationToken ct)
    {
        var d = db.Dialect;
        _insert ??= $"INSERT INTO {d.Quote("lc_audit")} (id, app, model, record_id, kind, actor_id, actor_name, {d.Quote("at")}, before_json, after_json) " +
                    "VALUES (@id, @app, @model, @record, @kind, @actorId, @actorName, @at, @before, @after)";
        await scope.Connection.ExecuteAsync(new CommandDefinition(_insert, new
        {
            id = Guid.CreateVersion7().ToString(),
            app = change.App,
            model = change.Model,
            record = change.RecordId,
            kind = change.Kind.ToString().ToLowerInvariant(),
            actorId = change.Caller.UserId,
            actorName = change.Caller.UserName,
            at = d.ToParameter(change.At),
            before = change.Before?.ToJsonString(),
            after = change.After?.ToJsonString(),
        }, scope.Transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string app, string model, string recordId, CancellationToken ct)
    {
        var d = db.Dialect;
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(new CommandDefinition(
            $"SELECT id, kind, actor_id, actor_name, {d.Quote("at")}, before_json, after_json FROM {d.Quote("lc_audit")} " +
            $"WHERE app = @app AND model = @model AND record_id = @recordId ORDER BY {d.Quote("at")}, id", new { app, model, recordId }, cancellationToken: ct));
        return rows.Cast<IDictionary<string, object?>>().Select(r => new AuditEntry(
            (string)r["id"]!, (string)r["kind"]!, r["actor_id"] as string, r["actor_name"] as string,
            Models.FieldTypes.DateTimeFieldType.Read(r["at"]!),
            r["before_json"] is string b ? (JsonObject)JsonNode.Parse(b)! : null,
            r["after_json"] is string a ? (JsonObject)JsonNode.Parse(a)! : null)).ToList();
    }
}
