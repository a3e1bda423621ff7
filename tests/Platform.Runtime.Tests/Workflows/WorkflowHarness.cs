using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Persistence;
using Platform.Tests;

namespace Platform.Runtime.Tests.Workflows;

/// <summary>A clock the test moves by hand (timers, leases, downtime).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>An external system the test can take down and bring back (for incidents and retries).</summary>
public sealed class ExternalSystemActivity : IActivity
{
    public bool Up { get; set; }
    public string Type => "external";
    public IReadOnlyList<string> Outcomes(Platform.Runtime.Workflows.Definitions.ActivityDefinition activity) => ["Done"];
    public Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var order = context.PropertyString("order");
        if (!Up) throw new ActivityFailedException($"The ERP did not answer for order {order}.");
        context.State.Vars["erp"] = "booked " + order;
        return Task.FromResult(ActivityResult.Outcome("Done"));
    }
}

/// <summary>A real database of the given kind with the platform tables, one app "demo" and the workflow runtime on a manual clock.</summary>
public sealed class WorkflowHarness
{
    public Database Db { get; }
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)); // a Friday
    public ExternalSystemActivity External { get; } = new();
    public WorkflowRuntime Runtime { get; }
    public WorkflowRunner Runner { get; }
    public const string App = "demo";

    public SmtpReceiver Smtp { get; } = new();

    private WorkflowHarness(Database db)
    {
        Db = db;
        Runtime = WorkflowRuntime.Create(db, new JintExpressionEvaluator(), Clock, new HttpClient(), extraActivities: [External],
            extraChannels: [new Platform.Runtime.Workflows.Outbox.SmtpEmailChannel(new("127.0.0.1", Smtp.Port, "crm@example.com"))]);
        Runner = Runtime.NewRunner("node-a");
    }

    /// <param name="before">Runs on the empty database before the platform's tables are made (tables an earlier version created).</param>
    public static async Task<WorkflowHarness> CreateAsync(string provider, Func<Database, Task>? before = null)
    {
        var db = TestDatabases.Create(provider);
        if (before is not null) await before(db);
        await SystemSchema.EnsureAsync(db);
        await new AppStore(db).ImportAsync(new JsonObject { ["key"] = App, ["name"] = "Demo" }, null);
        return new WorkflowHarness(db);
    }

    public async Task<long> PublishAsync(string json)
    {
        var definition = (JsonObject)JsonNode.Parse(json)!;
        await Runtime.Definitions.SaveDraftAsync(App, definition);
        return await Runtime.Publisher.PublishAsync(App, definition["key"]!.GetValue<string>());
    }

    public Task<string> RunManualAsync(string key, object? inputs = null) =>
        Runtime.Starter.StartAsync(App, key, "manual", new JsonObject(), inputs is null ? null : (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(inputs)!, null);

    public Task DrainAsync() => Runner.RunUntilIdleAsync();

    public Task<InstanceDetail> InstanceAsync(string id) => Runtime.Instances.GetAsync(App, id);

    public async Task<long> CountAsync(string table, string where = "1=1", object? args = null)
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where}", args);
    }
}
