using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>One entry of a record's history.</summary>
public sealed record AuditEntry(string Id, string Kind, string? ActorId, string? ActorName, DateTimeOffset At, JsonObject? Before, JsonObject? After, string? Action = null);

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
        // claim | release | assign for ownership changes of the shared pool (RecordChange.Action).
        new("action", SqlType.Text),
    ], [new("ix_lc_audit_record", ["app", "model", "record_id"]), new("ix_lc_audit_actor", ["actor_id", "action", "at"])]);

    /// <summary>The audit row of one change, through the write's kept insert (the same row <see cref="Rows"/> builds for a bulk write).</summary>
    public Task WriteAsync(WriteScope scope, RecordChange change, CancellationToken ct)
    {
        var row = Row(change);
        change.AuditId = (string)row[0]!;
        return BulkInsert.RunAsync(scope, db.Dialect, "lc_audit", Columns, [row], ct);
    }

    /// <summary>The values before and after of one audit row, read inside a write (null when there is no such row).</summary>
    public static async Task<(JsonObject? Before, JsonObject? After)?> ReadValuesAsync(WriteScope scope, ISqlDialect d, string id, CancellationToken ct)
    {
        var row = (await scope.Connection.QueryAsync(new CommandDefinition(
            $"SELECT before_json, after_json FROM {d.Quote("lc_audit")} WHERE id = @id", new { id }, scope.Transaction, cancellationToken: ct)))
            .Cast<IDictionary<string, object?>>().FirstOrDefault();
        if (row is null) return null;
        return (row["before_json"] is string b ? (JsonObject)JsonNode.Parse(b)! : null, row["after_json"] is string a ? (JsonObject)JsonNode.Parse(a)! : null);
    }

    private static readonly string[] Columns = ["id", "app", "model", "record_id", "kind", "actor_id", "actor_name", "at", "before_json", "after_json", "action"];

    /// <summary>The insert a bulk write reuses for the audit rows of all its chunks (disposed with the write).</summary>
    public BulkInsert OpenBulkInsert(WriteScope scope) => new(scope, db.Dialect, "lc_audit", Columns);

    /// <summary>
    /// The audit rows of a bulk write's changes, the same rows as <see cref="WriteAsync"/> writes one by one.
    /// Each change's values are serialized to JSON once, here. Touches no connection, so a bulk write builds
    /// them on another core while it inserts the records.
    /// </summary>
    public static object?[][] Rows(IReadOnlyList<RecordChange> changes)
    {
        var rows = new object?[changes.Count][];
        for (var i = 0; i < rows.Length; i++) rows[i] = Row(changes[i]);
        return rows;
    }

    private static object?[] Row(RecordChange change) =>
    [
        RecordId.New(), change.App, change.Model, change.RecordId, KindText(change.Kind), change.Caller.UserId, change.Caller.UserName,
        change.At, change.Before?.ToJsonString(), change.After?.ToJsonString(), change.Action,
    ];

    private static string KindText(RecordChangeKind kind) => kind switch
    {
        RecordChangeKind.Created => "created", RecordChangeKind.Updated => "updated", RecordChangeKind.Deleted => "deleted", RecordChangeKind.Restored => "restored",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string app, string model, string recordId, CancellationToken ct)
    {
        var d = db.Dialect;
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(new CommandDefinition(
            $"SELECT id, kind, actor_id, actor_name, {d.Quote("at")}, before_json, after_json, action FROM {d.Quote("lc_audit")} " +
            $"WHERE app = @app AND model = @model AND record_id = @recordId ORDER BY {d.Quote("at")}, id", new { app, model, recordId }, cancellationToken: ct));
        return rows.Cast<IDictionary<string, object?>>().Select(r => new AuditEntry(
            (string)r["id"]!, (string)r["kind"]!, r["actor_id"] as string, r["actor_name"] as string,
            Models.FieldTypes.DateTimeFieldType.Read(r["at"]!),
            r["before_json"] is string b ? (JsonObject)JsonNode.Parse(b)! : null,
            r["after_json"] is string a ? (JsonObject)JsonNode.Parse(a)! : null,
            r["action"] as string)).ToList();
    }

    /// <summary>How many records of the model the user claimed since <paramref name="since"/> (the pool's claim limit).</summary>
    public async Task<long> CountClaimsAsync(WriteScope scope, string app, string model, string userId, DateTimeOffset since, CancellationToken ct)
    {
        var d = db.Dialect;
        return await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {d.Quote("lc_audit")} WHERE actor_id = @userId AND action = 'claim' AND {d.Quote("at")} >= @since AND app = @app AND model = @model",
            new { userId, since = d.ToParameter(since), app, model }, scope.Transaction, cancellationToken: ct));
    }

    /// <summary>
    /// When the record last went back to the pool from this user (their own release, or a
    /// workflow's or administrator's), or null: the pool's cooldown counts from then.
    /// </summary>
    public async Task<DateTimeOffset?> LastReleasedFromAsync(WriteScope scope, string app, string model, string recordId, string userId, CancellationToken ct)
    {
        var d = db.Dialect;
        var rows = await scope.Connection.QueryAsync(new CommandDefinition(
            $"SELECT {d.Quote("at")}, before_json FROM {d.Quote("lc_audit")} WHERE app = @app AND model = @model AND record_id = @recordId AND action = 'release' " +
            $"ORDER BY {d.Quote("at")} DESC", new { app, model, recordId }, scope.Transaction, cancellationToken: ct));
        foreach (IDictionary<string, object?> r in rows)
            if (r["before_json"] is string b && JsonNode.Parse(b)?["owner"] is JsonValue o && o.TryGetValue<string>(out var owner) && owner == userId)
                return Models.FieldTypes.DateTimeFieldType.Read(r["at"]!);
        return null;
    }
}
