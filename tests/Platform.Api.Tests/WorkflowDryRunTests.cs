using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>
/// Dry runs and replays through the real API: a draft runs against an existing record with its
/// record writes rolled back and listed and its messages and waits captured; a replay compares the
/// draft's outcomes with the published version's over the records of a period.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class WorkflowDryRunTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task ImportAsync(string app)
    {
        var package = $$"""
        { "key": "{{app}}", "name": "Dry runs",
          "models": [
            { "key": "lead", "name": "线索", "fields": [ { "key": "name", "type": "text", "required": true }, { "key": "score", "type": "number" }, { "key": "grp", "type": "text" } ] },
            { "key": "task", "name": "任务", "fields": [ { "key": "title", "type": "text", "required": true } ] } ] }
        """;
        var response = await _admin.PostAsync("/api/apps/import", new StringContent(package, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private async Task SaveAsync(string app, string json, bool publish)
    {
        var key = JsonNode.Parse(json)!["key"]!.GetValue<string>();
        var put = await _admin.PutAsync($"/api/apps/{app}/workflows/{key}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        if (!publish) return;
        var response = await _admin.PostAsync($"/api/apps/{app}/workflows/{key}/publish", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static string Routing(int threshold, string extra = "", string extraConnections = "") => $$"""
    { "key": "route", "name": "Routing", "trigger": { "type": "record.created", "model": "lead", "filter": { "field": "score", "op": "gte", "value": 0 } },
      "variables": { "group": null },
      "activities": [
        { "id": "check", "type": "condition", "properties": { "condition": "trigger.record.score >= {{threshold}}" } },
        { "id": "a", "type": "setVariable", "properties": { "name": "group", "value": "A" } },
        { "id": "b", "type": "setVariable", "properties": { "name": "group", "value": "B" } } {{extra}} ],
      "connections": [ { "source": "check", "outcome": "True", "target": "a" }, { "source": "check", "outcome": "False", "target": "b" } {{extraConnections}} ] }
    """;

    private async Task<string> CreateLeadAsync(string app, string name, int? score)
    {
        var response = await _admin.PostAsJsonAsync($"/api/apps/{app}/models/lead/records", new { name, score });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<JsonArray> ItemsAsync(string app, string model)
    {
        var response = await _admin.PostAsJsonAsync($"/api/apps/{app}/models/{model}/records/query", new { });
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string url, object body)
    {
        var response = await _admin.PostAsJsonAsync(url, body);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task A_dry_run_of_the_draft_lists_its_writes_and_captures_messages_and_waits_but_keeps_nothing()
    {
        const string app = "dry-one";
        await ImportAsync(app);
        await SaveAsync(app, Routing(50), publish: true);
        // The draft routes from 30, then writes records, sends an email and waits a day.
        await SaveAsync(app, Routing(30, """
            , { "id": "task", "type": "createRecord", "properties": { "model": "task", "values": { "title": { "expr": "'call ' + trigger.record.name" } } } }
            , { "id": "mark", "type": "updateRecord", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "values": { "grp": { "expr": "vars.group" } } } }
            , { "id": "mail", "type": "notify", "properties": { "channel": "email", "to": "sales@example.com", "title": "新线索", "message": { "expr": "trigger.record.name" } } }
            , { "id": "wait", "type": "delay", "properties": { "duration": "1d" } }
            """, """
            , { "source": "a", "outcome": "Done", "target": "task" }, { "source": "task", "outcome": "Done", "target": "mark" }
            , { "source": "mark", "outcome": "Done", "target": "mail" }, { "source": "mail", "outcome": "Done", "target": "wait" }
            """), publish: false);
        var lead = await CreateLeadAsync(app, "比亚迪", 40);

        var (status, result) = await PostAsync($"/api/apps/{app}/workflows/route/dry-run", new { recordId = lead });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), result?.ToJsonString());
        Assert.That(result!["status"]!.GetValue<string>(), Is.EqualTo("paused"), "the delay is where it would pause");
        Assert.That(result["variables"]!["group"]!.GetValue<string>(), Is.EqualTo("A"), "the draft's threshold of 30 applies, not the published 50");
        var writes = result["records"]!.AsArray();
        Assert.That(writes.Select(w => $"{w!["action"]} {w["model"]}"), Is.EqualTo(new[] { "created task", "updated lead" }));
        Assert.That(writes[0]!["values"]!["title"]!.GetValue<string>(), Is.EqualTo("call 比亚迪"));
        Assert.That(writes[1]!["changes"]!["grp"]!["to"]!.GetValue<string>(), Is.EqualTo("A"));
        var effects = result["sideEffects"]!.AsArray();
        Assert.That(effects.Select(e => e!["channel"]!.GetValue<string>()), Is.EqualTo(new[] { "email" }));
        Assert.That(effects[0]!["payload"]!["to"]![0]!.GetValue<string>(), Is.EqualTo("sales@example.com"));
        Assert.That(result["pauses"]!.AsArray().Select(p => p!["activity"]!.GetValue<string>()), Is.EqualTo(new[] { "wait" }));
        Assert.That(result["pauses"]![0]!["dueAt"], Is.Not.Null);
        Assert.That(result["journal"]!.AsArray().Select(j => j!["activityId"]?.GetValue<string>()).Where(a => a is not null), Is.EqualTo(new[] { "check", "a", "task", "mark", "mail", "wait" }));

        Assert.That(await ItemsAsync(app, "task"), Is.Empty, "the created task was rolled back");
        var stored = JsonNode.Parse(await _admin.GetStringAsync($"/api/apps/{app}/models/lead/records/{lead}"))!;
        Assert.That(stored["grp"], Is.Null, "the update was rolled back");
        Assert.That(stored["rowVersion"]!.GetValue<long>(), Is.EqualTo(1));

        // A definition given in the body runs instead of the draft; the http step is captured where it would wait for the answer.
        (status, result) = await PostAsync($"/api/apps/{app}/workflows/route/dry-run", new
        {
            recordId = lead,
            definition = JsonNode.Parse("""
            { "key": "route", "name": "Given", "trigger": { "type": "record.created", "model": "lead" },
              "activities": [ { "id": "ping", "type": "http", "properties": { "url": "https://crm.example.com/hook", "body": { "lead": { "expr": "trigger.recordId" } } } } ] }
            """),
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), result?.ToJsonString());
        Assert.That(result!["sideEffects"]![0]!["channel"]!.GetValue<string>(), Is.EqualTo("http"));
        Assert.That(result["sideEffects"]![0]!["payload"]!["body"]!["lead"]!.GetValue<string>(), Is.EqualTo(lead));
        Assert.That(result["pauses"]![0]!["activity"]!.GetValue<string>(), Is.EqualTo("ping"));

        // A record the trigger's filter does not match: the workflow would not start.
        var unscored = await CreateLeadAsync(app, "no score", null);
        (status, result) = await PostAsync($"/api/apps/{app}/workflows/route/dry-run", new { recordId = unscored });
        Assert.That(result!["status"]!.GetValue<string>(), Is.EqualTo("notTriggered"));

        // A broken draft is refused like a publish, naming the activity; a missing record is a 404.
        (status, result) = await PostAsync($"/api/apps/{app}/workflows/route/dry-run", new
        {
            recordId = lead,
            definition = JsonNode.Parse("""{ "key": "route", "name": "Bad", "trigger": { "type": "manual" }, "activities": [ { "id": "x", "type": "teleport" } ] }"""),
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(result!["errors"]!.AsObject().Select(e => e.Key), Does.Contain("activities.x"));
        (status, _) = await PostAsync($"/api/apps/{app}/workflows/route/dry-run", new { recordId = "no-such-lead" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_replay_counts_how_the_drafts_outcomes_differ_from_the_published_version_over_a_period()
    {
        const string app = "dry-replay";
        await ImportAsync(app);
        await SaveAsync(app, Routing(50), publish: true);
        await SaveAsync(app, Routing(30), publish: false);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var score = 10; score <= 100; score += 10) await CreateLeadAsync(app, $"lead {score}", score);
        await CreateLeadAsync(app, "unscored", null);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var (status, result) = await PostAsync($"/api/apps/{app}/workflows/route/replay", new { from = before.ToString("O"), to = after.ToString("O") });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), result?.ToJsonString());
        Assert.That(result!["records"]!.GetValue<int>(), Is.EqualTo(11));
        Assert.That(result["changedRecords"]!.GetValue<int>(), Is.EqualTo(2), "scores 30 and 40 move from B to A");
        JsonNode Outcome(string variable, string value) => result["outcomes"]!.AsArray().Single(o => o!["variable"]?.GetValue<string>() == variable && o["value"]?.ToString() == value)!;
        var a = Outcome("group", "A");
        Assert.That((a["draft"]!.GetValue<int>(), a["published"]!.GetValue<int>(), a["difference"]!.GetValue<int>()), Is.EqualTo((8, 6, 2)));
        var b = Outcome("group", "B");
        Assert.That((b["draft"]!.GetValue<int>(), b["published"]!.GetValue<int>()), Is.EqualTo((2, 4)));
        var ends = result["outcomes"]!.AsArray().Where(o => o!["status"] is not null).ToDictionary(o => $"{o!["status"]}:{o["end"]}", o => (o!["draft"]!.GetValue<int>(), o["published"]!.GetValue<int>()));
        Assert.That(ends["completed:a"], Is.EqualTo((8, 6)));
        Assert.That(ends["notTriggered:"], Is.EqualTo((1, 1)), "the unscored lead does not pass the trigger's filter in either version");
        Assert.That(result["examples"]!.AsArray().Count, Is.EqualTo(2));

        // Outside the period: nothing to compare.
        (status, result) = await PostAsync($"/api/apps/{app}/workflows/route/replay", new { from = "2020-01-01", to = "2020-02-01" });
        Assert.That(result!["records"]!.GetValue<int>(), Is.EqualTo(0));
        (status, _) = await PostAsync($"/api/apps/{app}/workflows/route/replay", new { from = "yesterday", to = "2020-02-01" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
