using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Records;

/// <summary>
/// Times are kept to the millisecond on every database, as the API shows them: a value read back from a record finds
/// that record again (in a filter, or as a page cursor), also where the database itself holds microseconds.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordTimestampTests(string provider)
{
    private const string Models = """
        [ { "key": "visit", "name": "Visit", "fields": [ { "key": "title", "type": "text" }, { "key": "at", "type": "datetime" } ] } ]
        """;

    [Test]
    public async Task A_time_given_with_microseconds_is_found_by_the_value_the_api_shows()
    {
        var engine = await RecordEngine.StartAsync(provider);
        await engine.Apps.ImportAsync(RecordEngine.Package("ts", Models), null);
        var created = await engine.Records.CreateAsync(Caller.System, "ts", "visit", new JsonObject { ["title"] = "a", ["at"] = "2026-03-01T08:00:00.123456Z" });
        Assert.That(created["at"]!.GetValue<string>(), Is.EqualTo("2026-03-01T08:00:00.123Z"));

        var found = await engine.Query.QueryAsync(Caller.System, "ts", "visit", new JsonObject
        {
            ["filter"] = new JsonObject { ["field"] = "at", ["op"] = "eq", ["value"] = created["at"]!.GetValue<string>() },
        });
        Assert.That(found["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList(), Is.EqualTo(new[] { created["id"]!.GetValue<string>() }));
    }

    [Test]
    public async Task Created_and_updated_times_are_stored_to_the_millisecond_so_newest_first_pages_miss_no_record()
    {
        var engine = await RecordEngine.StartAsync(provider);
        await engine.Apps.ImportAsync(RecordEngine.Package("ts", Models), null);
        var ids = new List<string>();
        for (var i = 0; i < 30; i++) ids.Add((await engine.Records.CreateAsync(Caller.System, "ts", "visit", new JsonObject { ["title"] = "v" + i }))["id"]!.GetValue<string>());

        await using (var c = await engine.Db.OpenAsync())
        {
            var table = engine.Db.Dialect.Quote(ModelTableNames.Table("ts", "visit"));
            var stored = (await c.QueryAsync($"SELECT created_at, updated_at FROM {table}")).Cast<IDictionary<string, object>>().ToList();
            Assert.That(stored.SelectMany(r => r.Values).Select(v => DateTimeFieldType.Read(v).UtcTicks % TimeSpan.TicksPerMillisecond), Is.All.EqualTo(0));
        }

        // Creates a few microseconds apart share a millisecond: a cursor holding the shown time must still find the rest of that millisecond.
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = new JsonObject { ["size"] = 1 };
            if (after is not null) page["after"] = after;
            var result = await engine.Query.QueryAsync(Caller.System, "ts", "visit", new JsonObject
            {
                ["sort"] = new JsonArray(new JsonObject { ["field"] = "createdAt", ["dir"] = "desc" }), ["page"] = page,
            });
            seen.AddRange(result["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            after = result["next"]?.GetValue<string>();
        } while (after is not null);
        Assert.That(seen, Is.EquivalentTo(ids));
    }
}
