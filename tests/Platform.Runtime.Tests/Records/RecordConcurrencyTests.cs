using System.Text.Json.Nodes;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Records;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordConcurrencyTests(string provider)
{
    [Test]
    public async Task Eight_parallel_writers_all_succeed_and_auto_numbers_stay_unique()
    {
        var engine = await RecordEngine.StartAsync(provider);
        await engine.Apps.ImportAsync(RecordEngine.Package("conc", """
            [ { "key": "ticket", "name": "Ticket", "fields": [
                { "key": "title", "type": "text", "required": true },
                { "key": "no", "type": "autoNumber", "autoNumber": { "pattern": "T-{yyyy}-{00000}" } } ] } ]
            """), null);
        var caller = Caller.System;
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var made = new List<JsonObject>();
            for (var i = 0; i < 25; i++)
                made.Add(await engine.Records.CreateAsync(caller, "conc", "ticket", new JsonObject { ["title"] = $"w{w}-{i}" }));
            return made;
        })).ToList();
        var all = (await Task.WhenAll(writers)).SelectMany(x => x).ToList();
        Assert.That(all, Has.Count.EqualTo(200));
        var numbers = all.Select(r => r["no"]!.GetValue<string>()).ToList();
        Assert.That(numbers.Distinct().Count(), Is.EqualTo(200));
        Assert.That(numbers.Select(n => int.Parse(n[^5..])).OrderBy(x => x), Is.EqualTo(Enumerable.Range(1, 200)));
        var page = await engine.Query.QueryAsync(caller, "conc", "ticket", new JsonObject { ["total"] = true });
        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(200));
    }
}
