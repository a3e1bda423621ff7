using Platform.Runtime.Data;

namespace Platform.Runtime.Workflows.Persistence;

/// <summary>
/// The workflow runtime's tables. Instants are stored as Unix milliseconds (Integer) so that due-time
/// comparisons are plain integer comparisons in every dialect and use the injected clock, not the server's.
/// </summary>
public static class WorkflowTables
{
    public const string Definitions = "lc_wf_definitions";
    public const string Instances = "lc_wf_instances";
    public const string Bookmarks = "lc_wf_bookmarks";
    public const string Work = "lc_wf_work";
    public const string Journal = "lc_wf_journal";
    public const string Incidents = "lc_wf_incidents";
    public const string Outbox = "lc_wf_outbox";
    public const string Notifications = "lc_notifications";
    public const string Counters = "lc_wf_counters";

    public static readonly IReadOnlyList<SystemTable> All =
    [
        // One row per version of a workflow; status is draft, published or retired. Instances pin (app, key, version).
        new(Definitions,
        [
            new("app", SqlType.Text, PrimaryKey: true),
            new("workflow_key", SqlType.Text, PrimaryKey: true),
            new("version", SqlType.Integer, PrimaryKey: true),
            new("status", SqlType.Text, Nullable: false),
            new("name", SqlType.Text),
            new("trigger_type", SqlType.Text),
            new("definition", SqlType.LongText, Nullable: false),
            new("created_at", SqlType.Integer, Nullable: false),
            new("published_at", SqlType.Integer),
        ], [new("ix_lc_wf_definitions_status", ["status"])]),
        new(Instances,
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("app", SqlType.Text, Nullable: false),
            new("workflow_key", SqlType.Text, Nullable: false),
            new("version", SqlType.Integer, Nullable: false),
            new("status", SqlType.Text, Nullable: false),
            new("state", SqlType.LongText, Nullable: false),
            new("correlation", SqlType.Text),
            new("parent_id", SqlType.Id),
            new("parent_bookmark", SqlType.Id),
            new("row_version", SqlType.Integer, Nullable: false),
            new("created_at", SqlType.Integer, Nullable: false),
            new("updated_at", SqlType.Integer, Nullable: false),
            new("completed_at", SqlType.Integer),
        ], [new("ix_lc_wf_instances_workflow", ["app", "workflow_key", "created_at"])]),
        // A named wait: timer, signal, HTTP response, sub-workflow. The hash identifies what it waits for.
        new(Bookmarks,
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("instance_id", SqlType.Id, Nullable: false),
            new("activity_id", SqlType.Text, Nullable: false),
            new("name", SqlType.Text, Nullable: false),
            new("bookmark_hash", SqlType.Text, Nullable: false),
            new("due_at", SqlType.Integer),
            new("created_at", SqlType.Integer, Nullable: false),
        ], [new("ix_lc_wf_bookmarks_instance", ["instance_id"]), new("ix_lc_wf_bookmarks_hash", ["bookmark_hash"])]),
        // The one durable queue: start, resume, timer, retry. A claimed item carries a lease; an expired lease is claimable again.
        // Keyed by the idempotency key and stored in that key's tree, with the due index the claim needs and nothing else:
        // a record create that starts a workflow writes two small trees for it (id is the row's claim token, unindexed).
        // Databases made before keep their id key and unique idempotency index; the same statements work on both.
        // SQLite does not use this shape: see SqliteWorkTable.
        new(Work,
        [
            new("idempotency_key", SqlType.Text, PrimaryKey: true),
            new("id", SqlType.Id, Nullable: false),
            new("kind", SqlType.Text, Nullable: false),
            new("app", SqlType.Text, Nullable: false),
            new("workflow_key", SqlType.Text, Nullable: false),
            new("instance_id", SqlType.Id),
            new("payload", SqlType.LongText, Nullable: false),
            new("due_at", SqlType.Integer, Nullable: false),
            new("lease_owner", SqlType.Text),
            new("lease_until", SqlType.Integer),
            new("attempts", SqlType.Integer, Nullable: false),
            new("created_at", SqlType.Integer, Nullable: false),
        ], [new("ix_lc_wf_work_due", ["due_at"])], StoredByKey: true),
        new(Journal,
        [
            new("instance_id", SqlType.Id, PrimaryKey: true),
            new("seq", SqlType.Integer, PrimaryKey: true),
            new("at", SqlType.Integer, Nullable: false),
            new("activity_id", SqlType.Text),
            new("activity_type", SqlType.Text),
            new("entry_kind", SqlType.Text, Nullable: false),
            new("outcome", SqlType.Text),
            new("message", SqlType.LongText, Nullable: false),
        ], StoredByKey: true), // appended in key order and read by instance: one tree to write per line (earlier databases keep two)
        new(Incidents,
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("instance_id", SqlType.Id, Nullable: false),
            new("activity_id", SqlType.Text),
            new("activity_type", SqlType.Text),
            new("inputs", SqlType.LongText),
            new("error", SqlType.LongText, Nullable: false),
            new("created_at", SqlType.Integer, Nullable: false),
            new("resolved_at", SqlType.Integer),
        ], [new("ix_lc_wf_incidents_instance", ["instance_id"])]),
        // Side effects leaving the database, written in the burst's transaction, delivered at least once.
        new(Outbox,
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("instance_id", SqlType.Id),
            new("bookmark_id", SqlType.Id),
            new("channel", SqlType.Text, Nullable: false),
            new("status", SqlType.Text, Nullable: false),
            new("payload", SqlType.LongText, Nullable: false),
            new("idempotency_key", SqlType.Text, Nullable: false),
            new("due_at", SqlType.Integer, Nullable: false),
            new("lease_owner", SqlType.Text),
            new("lease_until", SqlType.Integer),
            new("attempts", SqlType.Integer, Nullable: false),
            new("delivered_at", SqlType.Integer),
            new("last_error", SqlType.LongText),
            new("created_at", SqlType.Integer, Nullable: false),
        ], [new("ux_lc_wf_outbox_idempotency", ["idempotency_key"], Unique: true), new("ix_lc_wf_outbox_due", ["delivered_at", "due_at"])]),
        // Durable counters of workflow steps (round-robin turns).
        new(Counters,
        [
            new("counter_key", SqlType.Text, PrimaryKey: true),
            new("counter_value", SqlType.Integer, Nullable: false),
        ]),
        new(Notifications,
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("user_id", SqlType.Text, Nullable: false),
            new("app", SqlType.Text),
            new("title", SqlType.Text, Nullable: false),
            new("body", SqlType.LongText),
            new("link", SqlType.Text),
            new("instance_id", SqlType.Id),
            new("created_at", SqlType.Integer, Nullable: false),
            new("read_at", SqlType.Integer),
        ], [new("ix_lc_notifications_user", ["user_id", "created_at"])]),
    ];
}
