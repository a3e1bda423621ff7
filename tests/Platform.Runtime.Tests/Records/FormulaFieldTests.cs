using System.Text.Json.Nodes;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Records;

/// <summary>Formula fields computed by the server on every write (Jint), in dependency order.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class FormulaFieldTests(string provider)
{
    private RecordEngine _engine = null!;
    private const string App = "formulas";

    // total_with_tax is listed before the amount it reads: the order comes from the dependencies.
    private const string Models = """
    [ { "key": "line", "name": "Line", "fields": [
        { "key": "product", "type": "text" },
        { "key": "quantity", "type": "number" },
        { "key": "unit_price", "type": "decimal" },
        { "key": "total_with_tax", "type": "formula", "formula": { "expression": "round(record.amount * 1.13, 2)", "resultType": "decimal" } },
        { "key": "amount", "type": "formula", "formula": { "expression": "quantity * unit_price", "resultType": "decimal" } },
        { "key": "per_unit", "type": "formula", "formula": { "expression": "div(amount, quantity)", "resultType": "decimal" } },
        { "key": "label", "type": "formula", "formula": { "expression": "concat(upper(product), ' ×', quantity)", "resultType": "text" } },
        { "key": "start", "type": "date" },
        { "key": "due", "type": "date" },
        { "key": "workdays_left", "type": "formula", "formula": { "expression": "workdaysBetween(start, due)", "resultType": "number" } },
        { "key": "follow_up", "type": "formula", "formula": { "expression": "addWorkdays(start, 1)", "resultType": "date" } } ] } ]
    """;

    [OneTimeSetUp]
    public async Task Start()
    {
        _engine = await RecordEngine.StartAsync(provider);
        await _engine.Apps.ImportAsync(RecordEngine.Package(App, Models), null);
    }

    [Test]
    public async Task Amount_is_quantity_times_unit_price_in_decimals_and_a_formula_reads_another_formula()
    {
        var line = await _engine.Records.CreateAsync(Caller.System, App, "line", new JsonObject { ["product"] = "gtx", ["quantity"] = 3, ["unit_price"] = 19.99m });
        Assert.That(line["amount"]!.GetValue<decimal>(), Is.EqualTo(59.97m));
        Assert.That(line["total_with_tax"]!.GetValue<decimal>(), Is.EqualTo(67.77m)); // 59.97 × 1.13 = 67.7661
        Assert.That(line["per_unit"]!.GetValue<decimal>(), Is.EqualTo(19.99m));
        Assert.That(line["label"]!.GetValue<string>(), Is.EqualTo("GTX ×3"));

        // An update recomputes from the stored values of the fields it leaves alone.
        var id = line["id"]!.GetValue<string>();
        var updated = await _engine.Records.UpdateAsync(Caller.System, App, "line", id, 1, new JsonObject { ["quantity"] = 10 });
        Assert.That(updated["amount"]!.GetValue<decimal>(), Is.EqualTo(199.9m));
        Assert.That(updated["total_with_tax"]!.GetValue<decimal>(), Is.EqualTo(225.89m)); // 225.887
        var read = await _engine.Records.GetAsync(Caller.System, App, "line", id);
        Assert.That(read["total_with_tax"]!.GetValue<decimal>(), Is.EqualTo(225.89m), "stored, not only returned");
        var tenth = await _engine.Records.CreateAsync(Caller.System, App, "line", new JsonObject { ["product"] = "x", ["quantity"] = 3, ["unit_price"] = 0.1m });
        Assert.That(tenth["amount"]!.GetValue<decimal>(), Is.EqualTo(0.3m), "no binary noise (0.30000000000000004)");
    }

    [Test]
    public async Task Working_days_until_a_date_follow_the_China_calendar()
    {
        // 2025: 1–8 October are holidays (National Day + Mid-Autumn), Saturday 11 October is a make-up working day.
        var line = await _engine.Records.CreateAsync(Caller.System, App, "line", new JsonObject
        {
            ["product"] = "p", ["quantity"] = 1, ["unit_price"] = 1, ["start"] = "2025-09-30", ["due"] = "2025-10-11",
        });
        Assert.That(line["workdays_left"]!.GetValue<double>(), Is.EqualTo(4)); // 30 Sep, 9, 10, 11 Oct
        Assert.That(line["follow_up"]!.GetValue<string>(), Is.EqualTo("2025-10-09"));
    }

    [Test]
    public void A_formula_that_fails_refuses_the_write_with_the_reason_under_its_key()
    {
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Records.CreateAsync(Caller.System, App, "line",
            new JsonObject { ["product"] = "zero", ["quantity"] = 0, ["unit_price"] = 5 }));
        Assert.That(e!.Errors.Keys, Is.EqualTo(new[] { "per_unit" }));
        Assert.That(e.Errors["per_unit"][0], Does.StartWith("The formula could not be computed: div: division by zero"));
    }

    [Test]
    public void Formulas_that_refer_to_each_other_in_a_circle_are_refused_when_the_model_is_saved()
    {
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Apps.ImportAsync(RecordEngine.Package("circle", """
            [ { "key": "m", "name": "M", "fields": [
                { "key": "a", "type": "formula", "formula": { "expression": "record.b + 1" } },
                { "key": "b", "type": "formula", "formula": { "expression": "c * 2" } },
                { "key": "c", "type": "formula", "formula": { "expression": "a - 1" } } ] } ]
            """), null));
        Assert.That(e!.Errors.Values.SelectMany(v => v), Has.One.EqualTo("Formulas refer to each other in a circle: a → b → c → a."));
    }

    [Test]
    public void Bad_javascript_in_a_formula_is_refused_when_the_model_is_saved()
    {
        var e = Assert.ThrowsAsync<ValidationFailedException>(() => _engine.Apps.ImportAsync(RecordEngine.Package("badformula", """
            [ { "key": "m", "name": "M", "fields": [ { "key": "x", "type": "number" },
                { "key": "y", "type": "formula", "formula": { "expression": "x * (2" } } ] } ]
            """), null));
        Assert.That(e!.Errors.Keys, Is.EqualTo(new[] { "models[0].fields[1](y).formula.expression" }));
        Assert.That(e.Errors.Values.Single()[0], Does.StartWith("Formula 'y': The expression is not valid"));
    }
}
