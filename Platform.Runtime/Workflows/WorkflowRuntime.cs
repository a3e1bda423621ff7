using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Activities;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Outbox;
using Platform.Runtime.Workflows.Persistence;
using Platform.Runtime.Workflows.Scheduling;
using Platform.Runtime.Workflows.Triggers;

namespace Platform.Runtime.Workflows;

/// <summary>
/// The workflow runtime wired together for one database: the list of activities and triggers it
/// knows, its stores, engine, runner and record listener. The API registers these parts as singletons.
/// </summary>
public sealed class WorkflowRuntime
{
    public required Database Database { get; init; }
    public required TimeProvider Clock { get; init; }
    public required WorkSignal Signal { get; init; }
    public required WorkQueue Queue { get; init; }
    public required OutboxStore Outbox { get; init; }
    public required WorkflowDefinitionStore Definitions { get; init; }
    public required WorkflowCatalog Catalog { get; init; }
    public required ActivityRegistry Activities { get; init; }
    public required TriggerRegistry Triggers { get; init; }
    public required WorkflowValidator Validator { get; init; }
    public required WorkflowPublisher Publisher { get; init; }
    public required WorkflowEngine Engine { get; init; }
    public required OutboxDispatcher Dispatcher { get; init; }
    public required WorkflowRecordListener RecordListener { get; init; }
    public required WorkflowUserListener UserListener { get; init; }
    public required WorkflowInstances Instances { get; init; }
    public required WorkflowStarter Starter { get; init; }
    public required Tasks.TaskStore Tasks { get; init; }
    /// <summary>Working days for delays and SLAs (activities of other files take it from here).</summary>
    public required IWorkingCalendar Calendar { get; init; }

    public static WorkflowRuntime Create(Database db, IExpressionEvaluator evaluator, TimeProvider clock, HttpClient http,
        IWorkingCalendar? calendar = null, IEnumerable<IOutboxChannel>? extraChannels = null, IEnumerable<IActivity>? extraActivities = null, IRecordGateway? records = null,
        OutboundAddressGuard? guard = null)
    {
        calendar ??= new ExpressionWorkingCalendar(() => Expressions.Calendar.WorkCalendar.China, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var signal = new WorkSignal();
        var queue = new WorkQueue(db, clock);
        var outbox = new OutboxStore(db, clock);
        var definitions = new WorkflowDefinitionStore(db, clock);
        var tasks = new Tasks.TaskStore(db, queue, signal, clock, calendar);
        var taskSteps = new Tasks.TaskSteps(tasks, new Tasks.ApproverResolver(db.Dialect), calendar, db.Dialect);
        var catalog = new WorkflowCatalog(definitions);
        var decisionTables = new Decisions.AppDecisionTables(db);
        var activities = new ActivityRegistry(
        [
            new ConditionActivity(), new SwitchActivity(), new ForkActivity(), new JoinActivity(), new ForEachActivity(),
            new DelayActivity(calendar), new SetVariableActivity(), new ScriptActivity(), new HttpRequestActivity(guard),
            new NotificationActivity(guard), new SignalWaitActivity(), new SubWorkflowActivity(), new EndActivity(),
            new HumanTaskActivity(taskSteps), new ApprovalActivity(taskSteps, tasks, db.Dialect), new CompleteTasksActivity(tasks),
            new DecisionTableActivity(new Decisions.DecisionTableEvaluator(evaluator), decisionTables),
            .. extraActivities ?? [],
            // Record steps exist once the record store is wired in as the gateway.
            .. records is null ? Array.Empty<IActivity>() :
            [
                new CreateRecordActivity(records), new UpdateRecordActivity(records), new DeleteRecordActivity(records),
                new QueryRecordsActivity(records), new AssignOwnerActivity(records),
            ],
        ]);
        var userDisabled = new UserDisabledTrigger();
        var triggers = new TriggerRegistry(
        [
            new RecordCreatedTrigger(), new RecordUpdatedTrigger(), new RecordDeletedTrigger(), new FieldChangedTrigger(),
            new ScheduleTrigger(), new RelativeDateTrigger(), new FormSubmittedTrigger(), new ManualTrigger(), new WebhookTrigger(),
            userDisabled,
        ]);
        var validator = new WorkflowValidator(activities, triggers);
        var engine = new WorkflowEngine(db, queue, outbox, definitions, catalog, activities, triggers, evaluator, clock, signal);
        return new WorkflowRuntime
        {
            Database = db, Clock = clock, Signal = signal, Queue = queue, Outbox = outbox, Definitions = definitions, Catalog = catalog,
            Activities = activities, Triggers = triggers, Validator = validator,
            Publisher = new WorkflowPublisher(db, definitions, validator, catalog, triggers, queue, evaluator, clock, signal, decisionTables),
            Engine = engine,
            Dispatcher = new OutboxDispatcher(db, outbox, queue, [new HttpOutboxChannel(http), .. extraChannels ?? []], clock, signal),
            RecordListener = new WorkflowRecordListener(catalog, triggers, queue, evaluator, clock, signal),
            UserListener = new WorkflowUserListener(catalog, userDisabled, queue, evaluator, clock, signal),
            Instances = new WorkflowInstances(db),
            Starter = new WorkflowStarter(db, catalog, queue, evaluator, clock, signal),
            Tasks = tasks,
            Calendar = calendar,
        };
    }

    /// <summary>A runner for one node (tests create several to act as several nodes).</summary>
    public WorkflowRunner NewRunner(string? nodeId = null, TimeSpan? lease = null) =>
        new(Queue, Engine, Dispatcher, Catalog)
        {
            NodeId = nodeId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}",
            Lease = lease ?? TimeSpan.FromSeconds(30),
            // SQLite has one node and one writer: bigger rounds catch up after a burst of request writes.
            BatchSize = Database.Dialect is Data.Dialects.SqliteDialect ? 32 : 4,
            BatchInOneTransaction = Database.Dialect is Data.Dialects.SqliteDialect,
        };
}
