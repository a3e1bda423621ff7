using System.Text.Json.Nodes;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Records;

/// <summary>
/// Rollups (sum/count/min/max over a one-to-many relation) are read with a sub-query over the live
/// child rows, so they follow every change of the children: create, update, soft delete, restore,
/// moving a child to another parent.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RollupFieldTests(string provider)
{
    private RecordEngine _engine = null!;
    private const string App = "rollups";

    private const string Models = """
    [ { "key": "account", "name": "Account", "displayField": "name", "fields": [
        { "key": "name", "type": "text" },
        { "key": "deals", "type": "relation", "relation": { "kind": "oneToMany", "model": "deal", "field": "account" } },
        { "key": "total", "type": "rollup", "rollup": { "relation": "deals", "field": "amount", "op": "sum" } },
        { "key": "n", "type": "rollup", "rollup": { "relation": "deals", "op": "count" } },
        { "key": "smallest", "type": "rollup", "rollup": { "relation": "deals", "field": "amount", "op": "min" } },
        { "key": "biggest", "type": "rollup", "rollup": { "relation": "deals", "field": "amount", "op": "max" } } ] },
      { "key": "deal", "name": "Deal", "fields": [
        { "key": "title", "type": "text" }, { "key": "amount", "type": "decimal" },
        { "key": "account", "type": "relation", "relation": { "kind": "manyToOne", "model": "account" } } ] } ]
    """;

    [OneTimeSetUp]
    public async Task Start()
    {
        _engine = await RecordEngine.StartAsync(provider);
        await _engine.Apps.ImportAsync(RecordEngine.Package(App, Models), null);
    }

    private async Task<string> AccountAsync(string name) =>
        (await _engine.Records.CreateAsync(Caller.System, App, "account", new JsonObject { ["name"] = name }))["id"]!.GetValue<string>();

    private async Task<JsonObject> DealAsync(string account, decimal amount) =>
        await _engine.Records.CreateAsync(Caller.System, App, "deal", new JsonObject { ["title"] = "d", ["amount"] = amount, ["account"] = account });

    private async Task<(decimal Total, decimal N, decimal? Min, decimal? Max)> RollupsAsync(string account)
    {
        var a = await _engine.Records.GetAsync(Caller.System, App, "account", account);
        return (a["total"]!.GetValue<decimal>(), a["n"]!.GetValue<decimal>(), a["smallest"]?.GetValue<decimal>(), a["biggest"]?.GetValue<decimal>());
    }

    [Test]
    public async Task Rollups_follow_children_created_updated_moved_deleted_and_restored()
    {
        var a = await AccountAsync("A");
        var b = await AccountAsync("B");
        Assert.That(await RollupsAsync(a), Is.EqualTo((0m, 0m, (decimal?)null, (decimal?)null)), "no children: count 0, sum 0, min/max empty");

        var d1 = await DealAsync(a, 100.5m);
        var d2 = await DealAsync(a, 20.25m);
        Assert.That(await RollupsAsync(a), Is.EqualTo((120.75m, 2m, (decimal?)20.25m, (decimal?)100.5m)));

        await _engine.Records.UpdateAsync(Caller.System, App, "deal", d2["id"]!.GetValue<string>(), 1, new JsonObject { ["amount"] = 300 });
        Assert.That(await RollupsAsync(a), Is.EqualTo((400.5m, 2m, (decimal?)100.5m, (decimal?)300m)));

        // Moved to another parent: leaves A, counts for B.
        await _engine.Records.UpdateAsync(Caller.System, App, "deal", d1["id"]!.GetValue<string>(), 1, new JsonObject { ["account"] = b });
        Assert.That(await RollupsAsync(a), Is.EqualTo((300m, 1m, (decimal?)300m, (decimal?)300m)));
        Assert.That(await RollupsAsync(b), Is.EqualTo((100.5m, 1m, (decimal?)100.5m, (decimal?)100.5m)));

        // The last child of A deleted: count 0, sum 0, min/max empty; restored: back.
        await _engine.Records.DeleteAsync(Caller.System, App, "deal", d2["id"]!.GetValue<string>(), null);
        Assert.That(await RollupsAsync(a), Is.EqualTo((0m, 0m, (decimal?)null, (decimal?)null)));
        await _engine.Records.RestoreAsync(Caller.System, App, "deal", d2["id"]!.GetValue<string>());
        Assert.That(await RollupsAsync(a), Is.EqualTo((300m, 1m, (decimal?)300m, (decimal?)300m)));

        // Unlinked (account emptied): no longer counted anywhere.
        await _engine.Records.UpdateAsync(Caller.System, App, "deal", d1["id"]!.GetValue<string>(), 2, new JsonObject { ["account"] = null });
        Assert.That(await RollupsAsync(b), Is.EqualTo((0m, 0m, (decimal?)null, (decimal?)null)));
    }

    [Test]
    public async Task Rollups_can_be_filtered_and_sorted_on()
    {
        var small = await AccountAsync("small-" + provider);
        var large = await AccountAsync("large-" + provider);
        await DealAsync(small, 5);
        await DealAsync(large, 5000);
        await DealAsync(large, 1);
        var page = await _engine.Query.QueryAsync(Caller.System, App, "account", (JsonObject)JsonNode.Parse("""
            { "filter": { "field": "n", "op": "gte", "value": 1 }, "sort": [ { "field": "total", "dir": "desc" } ] }
            """)!);
        var names = page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Where(n => n.EndsWith(provider)).ToList();
        Assert.That(names, Is.EqualTo(new[] { "large-" + provider, "small-" + provider }));
        var byMin = await _engine.Query.QueryAsync(Caller.System, App, "account", (JsonObject)JsonNode.Parse("""{ "filter": { "field": "smallest", "op": "eq", "value": 1 } }""")!);
        Assert.That(byMin["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "large-" + provider }));
    }

    [Test]
    public void A_stored_formula_reading_a_rollup_is_refused_because_it_would_go_stale()
    {
        var models = Models.Replace("""{ "key": "name", "type": "text" },""", """{ "key": "name", "type": "text" }, { "key": "avg", "type": "formula", "formula": { "expression": "record.total / record.n" } },""");
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Apps.ImportAsync(RecordEngine.Package("stale", models), null));
        Assert.That(e!.Errors.Values.SelectMany(v => v), Has.Some.StartsWith("Formula 'avg' reads the rollup 'total'"));
    }
}
