using Platform.Runtime.Data;

namespace Platform.Runtime.Tasks;

/// <summary>
/// Human tasks and approvals: one row per task (one step of an approval), its assignees, the actions
/// taken on it, users' out-of-office delegations, and records locked while under approval. Instants are Unix ms.
/// </summary>
public static class TaskTables
{
    public const string Tasks = "lc_tasks";
    public const string Assignees = "lc_task_assignees";
    public const string Actions = "lc_task_actions";
    public const string Delegations = "lc_delegations";
    public const string Locks = "lc_record_locks";

    public static readonly IReadOnlyList<SystemTable> All =
    [
        new(Tasks,
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("app", SqlType.Text, Nullable: false),
            new("workflow_key", SqlType.Text, Nullable: false),
            new("instance_id", SqlType.Id, Nullable: false),
            new("activity_id", SqlType.Text, Nullable: false),
            new("bookmark_id", SqlType.Id, Nullable: false),
            new("kind", SqlType.Text, Nullable: false),          // task | approval
            new("title", SqlType.Text, Nullable: false),
            new("model", SqlType.Text),
            new("record_id", SqlType.Text),
            new("mode", SqlType.Text, Nullable: false),          // single | sequential | all | any (task: single)
            new("step", SqlType.Integer, Nullable: false),       // 1-based step of the approval
            new("step_count", SqlType.Integer, Nullable: false),
            new("step_name", SqlType.Text),
            new("status", SqlType.Text, Nullable: false),        // open | completed | cancelled
            new("outcome", SqlType.Text),                        // approved | rejected | returned | done | withdrawn (cancelled)
            new("return_to", SqlType.Integer),
            new("completed_by", SqlType.Text),
            new("due_at", SqlType.Integer),
            new("escalated_at", SqlType.Integer),
            new("created_at", SqlType.Integer, Nullable: false),
            new("completed_at", SqlType.Integer),
            new("row_version", SqlType.Integer, Nullable: false),
            new("sla", SqlType.Text),                            // the step's working-time lead ("8h", "2d") when its due came from "sla"
        ], [new("ix_lc_tasks_instance", ["instance_id"]), new("ix_lc_tasks_record", ["app", "model", "record_id"])]),
        // state: pending (must act), acted, transferred, withdrawn (the record left their hands); on_behalf_of: the absent user a delegate stands in for.
        new(Assignees,
        [
            new("task_id", SqlType.Id, PrimaryKey: true),
            new("user_id", SqlType.Text, PrimaryKey: true),
            new("state", SqlType.Text, Nullable: false),
            new("on_behalf_of", SqlType.Text),
            new("added_at", SqlType.Integer, Nullable: false),
        ], [new("ix_lc_task_assignees_user", ["user_id", "state"])]),
        new(Actions,
        [
            new("id", SqlType.Id, PrimaryKey: true),
            new("task_id", SqlType.Id, Nullable: false),
            new("user_id", SqlType.Text, Nullable: false),
            new("action", SqlType.Text, Nullable: false),
            new("comment", SqlType.LongText),
            new("files", SqlType.LongText),
            new("target", SqlType.Text),
            new("at", SqlType.Integer, Nullable: false),
        ], [new("ix_lc_task_actions_task", ["task_id", "at"])]),
        new(Delegations,
        [
            new("user_id", SqlType.Text, PrimaryKey: true),
            new("delegate_id", SqlType.Text, Nullable: false),
            new("starts_at", SqlType.Integer, Nullable: false),
            new("ends_at", SqlType.Integer, Nullable: false),
        ]),
        new(Locks,
        [
            new("app", SqlType.Text, PrimaryKey: true),
            new("model", SqlType.Text, PrimaryKey: true),
            new("record_id", SqlType.Text, PrimaryKey: true),
            new("instance_id", SqlType.Id, Nullable: false),
            new("reason", SqlType.Text, Nullable: false),
            new("locked_at", SqlType.Integer, Nullable: false),
        ]),
    ];
}
