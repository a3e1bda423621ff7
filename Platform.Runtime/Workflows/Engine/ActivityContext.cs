using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Workflows.Definitions;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>
/// What an activity sees while it runs inside a burst: its definition, the instance's state, the
/// transaction, the clock, and the ways to wait (bookmarks), to leave the database (outbox) and to
/// explain itself in the journal.
/// </summary>
public sealed class ActivityContext
{
    private readonly Burst _burst;
    private readonly List<string> _notes = [];

    internal ActivityContext(Burst burst, ActivityDefinition activity, string? arrivedFrom)
    {
        _burst = burst;
        Activity = activity;
        ArrivedFrom = arrivedFrom;
    }

    public ActivityDefinition Activity { get; }
    /// <summary>The activity whose outcome led here (joins count arrivals by it).</summary>
    public string? ArrivedFrom { get; }
    public WorkflowDefinition Workflow => _burst.Definition;
    public InstanceState State => _burst.State;
    public string InstanceId => _burst.InstanceId;
    public string App => _burst.App;
    public WriteScope Scope => _burst.Scope;
    public DateTimeOffset Now => _burst.Now;
    public CancellationToken Cancellation => _burst.Cancellation;
    internal IReadOnlyList<string> Notes => _notes;

    /// <summary>The inputs the activity read, kept for incidents.</summary>
    public JsonObject Inputs { get; } = new();

    /// <summary>Adds a readable reason to this step's journal entry.</summary>
    public void Note(string text) => _notes.Add(text);

    /// <summary>Evaluates JavaScript with vars, trigger and outputs in scope (plus extras).</summary>
    public object? Evaluate(string expression, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var scope = new Dictionary<string, object?>
        {
            ["vars"] = PlainJson.ToPlain(State.Vars),
            ["trigger"] = PlainJson.ToPlain(State.Trigger),
            ["outputs"] = PlainJson.ToPlain(State.Outputs),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, object?>()) scope[k] = v;
        try { return _burst.Evaluator.Evaluate(expression, scope, Now); }
        catch (ExpressionException e) { throw new ActivityFailedException($"{e.Message} (in: {expression})", e); }
    }

    /// <summary>A property's value: a literal as written, or {"expr": "…"} evaluated; nested objects and lists are resolved too.</summary>
    public JsonNode? Property(string name)
    {
        var value = Resolve(Activity.Properties[name]);
        Inputs[name] = value?.DeepClone();
        return value;
    }

    public string? PropertyString(string name) => Property(name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        var other => PlainJson.Describe(other),
    };

    /// <summary>An expression-only property (a condition, a script): a plain string or {"expr": "…"}.</summary>
    public string? ScriptProperty(string name) => ExpressionText(Activity.Properties[name]);

    public static string? ExpressionText(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o.Count == 1 && o["expr"] is JsonValue e && e.TryGetValue<string>(out var s) => s,
        _ => null,
    };

    public static bool IsExpression(JsonNode? node) =>
        node is JsonObject o && o.Count == 1 && o["expr"] is JsonValue e && e.TryGetValue<string>(out _);

    private JsonNode? Resolve(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o when IsExpression(o) => PlainJson.FromPlain(Evaluate(o["expr"]!.GetValue<string>())),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Resolve).ToArray()),
        _ => node.DeepClone(),
    };

    /// <summary>Waits: creates a bookmark; with a due time it is a timer and a timer work item is queued.</summary>
    public Task<string> CreateBookmarkAsync(string name, string waitsFor, DateTimeOffset? dueAt = null) =>
        _burst.CreateBookmarkAsync(Activity.Id, name, waitsFor, dueAt);

    /// <summary>Queues a side effect that leaves the database; it is delivered after commit, at least once, with an idempotency key.</summary>
    public Task<string> EnqueueOutboxAsync(string channel, JsonObject payload, string? bookmarkId = null) =>
        _burst.EnqueueOutboxAsync(Activity.Id, channel, payload, bookmarkId);

    /// <summary>Starts another workflow of the same app as a child; when it completes, the bookmark is resumed with its variables.</summary>
    public Task StartChildAsync(string workflowKey, JsonObject inputs, string bookmarkId) =>
        _burst.StartChildAsync(workflowKey, inputs, bookmarkId);

    /// <summary>True in a dry run: an activity that would write something leaving the run's transaction captures it instead (<see cref="Capture"/>).</summary>
    public bool IsDryRun => _burst.Capture is not null;

    /// <summary>Records a side effect of a dry run instead of performing it.</summary>
    public void Capture(string channel, JsonNode? payload) => _burst.Capture?.SideEffect(Activity.Id, channel, payload);

    /// <summary>Whom the instance acts for: the triggering user, if any.</summary>
    public string? TriggeringUserId => State.Trigger?["caller"]?["id"]?.GetValue<string>();
}

/// <summary>An activity could not do its work (bad input, failing expression): becomes an incident.</summary>
public sealed class ActivityFailedException(string message, Exception? inner = null) : Exception(message, inner);
