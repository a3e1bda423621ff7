using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Records;

/// <summary>Model validation rules (contract 2): checked on save of the model and on every create and update.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class ValidationRuleTests(string provider)
{
    private RecordEngine _engine = null!;
    private const string App = "rules";

    private const string Models = """
    [ { "key": "deal", "name": "Deal", "fields": [
        { "key": "title", "type": "text" },
        { "key": "stage", "type": "singleSelect", "options": [ { "value": "线索" }, { "value": "需求确认" }, { "value": "赢单" } ] },
        { "key": "amount", "type": "decimal" },
        { "key": "discount", "type": "decimal" },
        { "key": "tags", "type": "multiSelect", "options": [ { "value": "doc" }, { "value": "vip" } ] } ],
      "rules": [
        { "key": "doc-for-demand", "assert": "record.stage !== '需求确认' || (record.tags || []).includes('doc')",
          "message": "进入需求确认需要上传需求文档", "messageEn": "Upload the requirement document first", "field": "tags", "when": "changed('stage')" },
        { "key": "discount-cap", "assert": "isSystem || (record.discount ?? 0) <= 0.2 || user.roles.includes('manager')",
          "message": "折扣超过20%需要经理", "field": "discount" },
        { "key": "no-shrink", "assert": "before === null || record.amount >= before.amount", "message": "金额不能减少" } ] } ]
    """;

    private static readonly Caller Rep = new("u-rep", "rep", true, "d1", ["rules/rep", "other/manager"]);
    private static readonly Caller Manager = new("u-mgr", "mgr", true, "d1", ["rules/manager"]);

    [OneTimeSetUp]
    public async Task Start()
    {
        _engine = await RecordEngine.StartAsync(provider);
        await _engine.Apps.ImportAsync(RecordEngine.Package(App, Models), null);
    }

    private async Task<long> CountAsync() =>
        (await _engine.Query.QueryAsync(Caller.System, App, "deal", new JsonObject { ["total"] = true }))["total"]!.GetValue<long>();

    [Test]
    public void Bad_javascript_in_a_rule_is_refused_when_the_model_is_saved_naming_the_rule()
    {
        var models = Models.Replace("record.amount >= before.amount", "record.amount >= (before.amount");
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Apps.ImportAsync(RecordEngine.Package("rules-bad", models), null));
        var (key, messages) = e!.Errors.Single();
        Assert.That(key, Is.EqualTo("models[0].rules[2](no-shrink).assert"));
        Assert.That(messages[0], Does.StartWith("Rule 'no-shrink': The expression is not valid"));
    }

    [Test]
    public void A_rule_naming_a_missing_field_or_without_a_message_is_refused()
    {
        var models = Models.Replace("\"field\": \"discount\"", "\"field\": \"rebate\"").Replace("\"message\": \"金额不能减少\"", "\"message\": \"\"");
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Apps.ImportAsync(RecordEngine.Package("rules-bad2", models), null));
        Assert.That(e!.Errors.Keys, Is.EquivalentTo(new[] { "models[0].rules[1](discount-cap).field", "models[0].rules[2](no-shrink).message" }));
    }

    [Test]
    public async Task Every_failing_rule_is_listed_under_its_field_and_nothing_is_written()
    {
        var before = await CountAsync();
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Records.CreateAsync(Rep, App, "deal",
            new JsonObject { ["title"] = "A", ["stage"] = "需求确认", ["discount"] = 0.3m, ["amount"] = 100 }));
        Assert.That(e!.Errors["tags"], Is.EqualTo(new[] { "进入需求确认需要上传需求文档" }));
        Assert.That(e.Errors["discount"], Is.EqualTo(new[] { "折扣超过20%需要经理" }));
        Assert.That(e.Errors, Has.Count.EqualTo(2));
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task The_user_and_system_writes_are_in_scope()
    {
        var byManager = await _engine.Records.CreateAsync(Manager, App, "deal", new JsonObject { ["title"] = "M", ["discount"] = 0.3m, ["amount"] = 100 });
        Assert.That(byManager["discount"]!.GetValue<decimal>(), Is.EqualTo(0.3m));
        var bySystem = await _engine.Records.CreateAsync(Caller.System, App, "deal", new JsonObject { ["title"] = "S", ["discount"] = 0.5m, ["amount"] = 100 });
        Assert.That(bySystem["discount"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
    }

    [Test]
    public async Task When_limits_a_rule_to_changes_of_a_field_and_before_holds_the_stored_values()
    {
        // Created without the document while the rule did not apply (stage unchanged from nothing is "changed", so create at 线索).
        var deal = await _engine.Records.CreateAsync(Rep, App, "deal", new JsonObject { ["title"] = "W", ["stage"] = "线索", ["amount"] = 500 });
        var id = deal["id"]!.GetValue<string>();
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Records.UpdateAsync(Rep, App, "deal", id, 1, new JsonObject { ["stage"] = "需求确认" }));
        Assert.That(e!.Errors["tags"], Is.EqualTo(new[] { "进入需求确认需要上传需求文档" }));

        var moved = await _engine.Records.UpdateAsync(Rep, App, "deal", id, 1, new JsonObject { ["stage"] = "需求确认", ["tags"] = new JsonArray("doc") });
        Assert.That(moved["stage"]!.GetValue<string>(), Is.EqualTo("需求确认"));
        // Removing the document without touching the stage: the rule only runs when the stage changes.
        var later = await _engine.Records.UpdateAsync(Rep, App, "deal", id, 2, new JsonObject { ["tags"] = new JsonArray() });
        Assert.That(later["tags"]!.AsArray(), Is.Empty);

        var shrink = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Records.UpdateAsync(Rep, App, "deal", id, 3, new JsonObject { ["amount"] = 499 }));
        Assert.That(shrink!.Errors["_rules"], Is.EqualTo(new[] { "金额不能减少" }));
        var stored = await _engine.Records.GetAsync(Rep, App, "deal", id);
        Assert.That(stored["amount"]!.GetValue<decimal>(), Is.EqualTo(500m));
        Assert.That(stored["rowVersion"]!.GetValue<long>(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_bulk_create_reports_the_failing_rows_by_position_and_writes_none()
    {
        var before = await CountAsync();
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Records.CreateManyAsync(Rep, App, "deal", [
            new JsonObject { ["title"] = "ok", ["amount"] = 1 },
            new JsonObject { ["title"] = "bad", ["discount"] = 0.9m },
            new JsonObject { ["title"] = "bad2", ["stage"] = "需求确认" }]));
        Assert.That(e!.Errors.Keys, Is.EquivalentTo(new[] { "[1].discount", "[2].tags" }));
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_rule_that_throws_refuses_the_write_with_its_message_and_the_reason()
    {
        await _engine.Apps.ImportAsync(RecordEngine.Package("rules-throw", """
            [ { "key": "n", "name": "N", "fields": [ { "key": "x", "type": "number" } ],
                "rules": [ { "key": "boom", "assert": "record.missing.length > 0", "message": "坏规则" } ] } ]
            """), null);
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Records.CreateAsync(Rep, "rules-throw", "n", new JsonObject { ["x"] = 1 }));
        Assert.That(e!.Errors["_rules"][0], Does.StartWith("坏规则 (rule 'boom' could not be checked: TypeError"));
    }
}
