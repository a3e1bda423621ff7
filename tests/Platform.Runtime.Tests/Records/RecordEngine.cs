using System.Text.Json.Nodes;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Expressions;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Records;

/// <summary>The record engine wired as the API wires it, on a fresh database of one kind.</summary>
public sealed class RecordEngine
{
    public required Database Db { get; init; }
    public required AppStore Apps { get; init; }
    public required RecordStore Records { get; init; }
    public required RecordQuery Query { get; init; }

    public static async Task<RecordEngine> StartAsync(string provider, IAccessPolicy? policy = null)
    {
        var db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(db);
        var catalog = new ModelCatalog(db);
        policy ??= new AdminOnlyAccessPolicy();
        return new RecordEngine
        {
            Db = db,
            Apps = new AppStore(db),
            Records = new RecordStore(db, catalog, policy, new AuditLog(db), [], new JintExpressionEvaluator()),
            Query = new RecordQuery(db, catalog, policy),
        };
    }

    public static JsonObject Package(string key, string modelsJson) =>
        (JsonObject)JsonNode.Parse($$"""{ "key": "{{key}}", "name": "{{key}}", "models": {{modelsJson}} }""")!;
}
