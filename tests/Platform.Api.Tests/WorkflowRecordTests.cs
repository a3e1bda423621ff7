using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>
/// Record steps (createRecord, updateRecord, deleteRecord, queryRecords, assignOwner) through the
/// real API and its node worker: they write inside the step's transaction with permissions, audit
/// and record triggers, act as the triggering user when told to, and a failing step leaves nothing.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class WorkflowRecordTests(string provider)
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

    /// <summary>An app with leads and tasks; the role "rep" may read, create and update its own leads, nothing else.</summary>
    private async Task ImportAsync(string app)
    {
        var package = $$"""
        { "key": "{{app}}", "name": "Flow records",
          "models": [
            { "key": "lead", "name": "线索", "fields": [
              { "key": "name", "type": "text", "required": true },
              { "key": "score", "type": "number" },
              { "key": "grp", "type": "text" },
              { "key": "touched", "type": "number" },
              { "key": "code", "type": "text", "unique": true },
              { "key": "no", "type": "autoNumber", "autoNumber": { "pattern": "L-{0000}" } } ] },
            { "key": "task", "name": "任务", "fields": [
              { "key": "title", "type": "text", "required": true },
              { "key": "lead", "type": "text" } ] } ],
          "roles": [ { "key": "rep", "name": "销售", "permissions": { "lead": { "actions": ["read", "create", "update"], "rowScope": "own" } } } ] }
        """;
        var response = await _admin.PostAsync("/api/apps/import", new StringContent(package, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private async Task PublishAsync(string app, string json)
    {
        var key = JsonNode.Parse(json)!["key"]!.GetValue<string>();
        var put = await _admin.PutAsync($"/api/apps/{app}/workflows/{key}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var publish = await _admin.PostAsync($"/api/apps/{app}/workflows/{key}/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> CreateAsync(HttpClient client, string app, string model, object values)
    {
        var response = await client.PostAsJsonAsync($"/api/apps/{app}/models/{model}/records", values);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonObject?> GetAsync(string app, string model, string id)
    {
        var response = await _admin.GetAsync($"/api/apps/{app}/models/{model}/records/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonArray> QueryAsync(string app, string model, object? filter = null)
    {
        var response = await _admin.PostAsJsonAsync($"/api/apps/{app}/models/{model}/records/query", new { filter, page = new { size = 500 } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
    }

    private static async Task<string> RunAsync(HttpClient client, string app, string key, string? recordId = null, object? inputs = null)
    {
        var run = await client.PostAsJsonAsync($"/api/apps/{app}/workflows/{key}/run", new { recordId, inputs });
        Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await run.Content.ReadAsStringAsync());
        return (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
    }

    /// <summary>Waits until the instance rests (completed, faulted or suspended).</summary>
    private async Task<JsonElement> SettledAsync(string app, string key, string id)
    {
        for (var i = 0; ; i++)
        {
            var response = await _admin.GetAsync($"/api/apps/{app}/workflows/{key}/instances/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound && i < 300) { await Task.Delay(50); continue; }
            var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (detail.GetProperty("instance").GetProperty("status").GetString() is "completed" or "faulted" or "suspended" || i > 300) return detail;
            await Task.Delay(50);
        }
    }

    /// <summary>All instances of a workflow once every one of them rests.</summary>
    private async Task<List<JsonElement>> AllSettledAsync(string app, string key, int expected)
    {
        for (var i = 0; ; i++)
        {
            var list = (await _admin.GetFromJsonAsync<JsonElement[]>($"/api/apps/{app}/workflows/{key}/instances"))!.ToList();
            if ((list.Count >= expected && list.All(x => x.GetProperty("status").GetString() is "completed" or "faulted" or "suspended")) || i > 300) return list;
            await Task.Delay(50);
        }
    }

    private static string Status(JsonElement detail) => detail.GetProperty("instance").GetProperty("status").GetString()!;
    private static string Incident(JsonElement detail) => detail.GetProperty("incidents").EnumerateArray().Select(x => x.GetProperty("error").GetString()).LastOrDefault() ?? "";
    private static string Journal(JsonElement detail) => string.Join("\n", detail.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("message").GetString()));

    [Test]
    public async Task Record_steps_write_with_audit_and_their_changes_trigger_other_workflows_but_never_themselves()
    {
        const string app = "gw-crud";
        await ImportAsync(app);
        await PublishAsync(app, """
        { "key": "on-lead", "name": "New lead", "trigger": { "type": "record.created", "model": "lead" },
          "activities": [
            { "id": "task", "type": "createRecord", "properties": { "model": "task", "values": { "title": { "expr": "'call ' + trigger.record.name" }, "lead": { "expr": "trigger.recordId" } }, "variable": "task" } },
            { "id": "grp", "type": "updateRecord", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "values": { "grp": "A" } } },
            { "id": "find", "type": "queryRecords", "properties": { "model": "task", "filter": { "field": "lead", "op": "eq", "value": { "expr": "trigger.recordId" } }, "variable": "found" } } ],
          "connections": [ { "source": "task", "outcome": "Done", "target": "grp" }, { "source": "grp", "outcome": "Done", "target": "find" } ] }
        """);
        // Fires for the task the workflow above creates: workflow writes raise record triggers like any other write.
        await PublishAsync(app, """
        { "key": "on-task", "name": "New task", "trigger": { "type": "record.created", "model": "task" },
          "activities": [ { "id": "mark", "type": "updateRecord", "properties": { "model": "task", "id": { "expr": "trigger.recordId" }, "values": { "title": { "expr": "trigger.record.title + ' ✓'" } } } } ] }
        """);
        // Updates the lead it was triggered by: without the self-trigger guard this would feed itself forever.
        await PublishAsync(app, """
        { "key": "touch", "name": "Touch", "trigger": { "type": "record.updated", "model": "lead" },
          "activities": [ { "id": "bump", "type": "updateRecord", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "values": { "touched": { "expr": "(trigger.record.touched || 0) + 1" } } } } ] }
        """);

        var lead = await CreateAsync(_admin, app, "lead", new { name = "宁德时代" });
        var leadId = lead["id"]!.GetValue<string>();
        var onLead = (await AllSettledAsync(app, "on-lead", 1)).Single();
        var detail = await SettledAsync(app, "on-lead", onLead.GetProperty("id").GetString()!);
        Assert.That(Status(detail), Is.EqualTo("completed"), Incident(detail));
        var found = detail.GetProperty("variables").GetProperty("found");
        Assert.That(found.GetArrayLength(), Is.EqualTo(1), "the query inside the step's transaction sees the task created one step earlier");
        Assert.That(found[0].GetProperty("title").GetString(), Is.EqualTo("call 宁德时代"));

        var touch = await AllSettledAsync(app, "touch", 1);
        var onTask = await AllSettledAsync(app, "on-task", 1);
        await Task.Delay(300); // anything that would loop would have started more instances by now
        touch = await AllSettledAsync(app, "touch", 1);
        Assert.That(touch, Has.Count.EqualTo(1), "the lead update by on-lead triggers touch once; touch's own update does not trigger touch again");
        Assert.That(touch.Single().GetProperty("status").GetString(), Is.EqualTo("completed"));
        var touchDetail = await SettledAsync(app, "touch", touch.Single().GetProperty("id").GetString()!);
        Assert.That(Journal(touchDetail), Does.Contain("does not trigger 'touch' again"));
        Assert.That(onTask, Has.Count.EqualTo(1));

        var stored = (await GetAsync(app, "lead", leadId))!;
        Assert.That(stored["grp"]!.GetValue<string>(), Is.EqualTo("A"));
        Assert.That(stored["touched"]!.GetValue<decimal>(), Is.EqualTo(1));
        var task = (await QueryAsync(app, "task")).Single()!;
        Assert.That(task["title"]!.GetValue<string>(), Is.EqualTo("call 宁德时代 ✓"));
        Assert.That(task["createdBy"]!.GetValue<string>(), Is.EqualTo("system"));

        var history = JsonNode.Parse(await _admin.GetStringAsync($"/api/apps/{app}/models/lead/records/{leadId}/history"))!.AsArray();
        Assert.That(history.Select(h => h!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "created", "updated", "updated" }).Or.EqualTo(new[] { "updated", "updated", "created" }));
        Assert.That(history.Where(h => h!["kind"]!.GetValue<string>() == "updated").Select(h => h!["by"]!["userName"]!.GetValue<string>()), Is.All.EqualTo("system"),
            "workflow writes are audited as the system");

        await PublishAsync(app, """
        { "key": "drop", "name": "Drop", "trigger": { "type": "manual" },
          "activities": [ { "id": "del", "type": "deleteRecord", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" } } } ] }
        """);
        var drop = await SettledAsync(app, "drop", await RunAsync(_admin, app, "drop", leadId));
        Assert.That(Status(drop), Is.EqualTo("completed"), Incident(drop));
        Assert.That(await GetAsync(app, "lead", leadId), Is.Null, "deleted by the workflow");
        history = JsonNode.Parse(await _admin.GetStringAsync($"/api/apps/{app}/models/lead/records/{leadId}/history"))!.AsArray();
        Assert.That(history.Select(h => h!["kind"]!.GetValue<string>()), Does.Contain("deleted"));
    }

    [Test]
    public async Task Assign_owner_rotates_within_a_role_picks_the_least_loaded_and_follows_rules()
    {
        const string app = "gw-assign";
        await ImportAsync(app);
        var u1 = await _admin.CreateUserAsync("gw-assign-1", null, $"{app}/rep");
        var u2 = await _admin.CreateUserAsync("gw-assign-2", null, $"{app}/rep");
        var u3 = await _admin.CreateUserAsync("gw-assign-3", null, $"{app}/rep");
        var outsider = await _admin.CreateUserAsync("gw-assign-x");
        var members = new[] { u1, u2, u3 }.Order(StringComparer.Ordinal).ToArray();

        await PublishAsync(app, """
        { "key": "rr", "name": "Round robin", "trigger": { "type": "manual" },
          "activities": [ { "id": "assign", "type": "assignOwner", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "strategy": "roundRobin", "group": { "role": "rep" } } } ] }
        """);
        var owners = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = (await CreateAsync(_admin, app, "lead", new { name = $"rr{i}" }))["id"]!.GetValue<string>();
            var detail = await SettledAsync(app, "rr", await RunAsync(_admin, app, "rr", id));
            Assert.That(Status(detail), Is.EqualTo("completed"), Incident(detail));
            owners.Add((await GetAsync(app, "lead", id))!["owner"]!.GetValue<string>());
        }
        Assert.That(owners, Is.EqualTo(new[] { members[0], members[1], members[2], members[0] }), "the turn moves through the role's members and wraps");
        Assert.That(owners, Does.Not.Contain(outsider));

        // u1 now owns two leads, u2 and u3 one each: among u1 and u2 the least loaded is u2.
        await PublishAsync(app, $$"""
        { "key": "least", "name": "Least loaded", "trigger": { "type": "manual" },
          "activities": [ { "id": "assign", "type": "assignOwner", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "strategy": "leastLoaded", "candidates": ["{{members[0]}}", "{{members[1]}}"] } } ] }
        """);
        var fresh = (await CreateAsync(_admin, app, "lead", new { name = "least" }))["id"]!.GetValue<string>();
        var least = await SettledAsync(app, "least", await RunAsync(_admin, app, "least", fresh));
        Assert.That(Status(least), Is.EqualTo("completed"), Incident(least));
        Assert.That((await GetAsync(app, "lead", fresh))!["owner"]!.GetValue<string>(), Is.EqualTo(members[1]));
        Assert.That(Journal(least), Does.Contain($"{members[0]}=2").And.Contain($"{members[1]}=1"), "the journal says why");

        await PublishAsync(app, $$"""
        { "key": "rule", "name": "By rule", "trigger": { "type": "manual" },
          "activities": [ { "id": "load", "type": "queryRecords", "properties": { "model": "lead", "filter": { "field": "id", "op": "eq", "value": { "expr": "trigger.recordId" } }, "variable": "lead" } },
                          { "id": "assign", "type": "assignOwner", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "strategy": "rule",
                              "rules": [ { "condition": "vars.lead[0].score >= 80", "owner": "{{members[2]}}" } ], "candidates": ["{{members[0]}}"] } } ],
          "connections": [ { "source": "load", "outcome": "Done", "target": "assign" } ] }
        """);
        var hot = (await CreateAsync(_admin, app, "lead", new { name = "hot", score = 95 }))["id"]!.GetValue<string>();
        var cold = (await CreateAsync(_admin, app, "lead", new { name = "cold", score = 10 }))["id"]!.GetValue<string>();
        var hotRun = await SettledAsync(app, "rule", await RunAsync(_admin, app, "rule", hot));
        var coldRun = await SettledAsync(app, "rule", await RunAsync(_admin, app, "rule", cold));
        Assert.That((Status(hotRun), Status(coldRun)), Is.EqualTo(("completed", "completed")), Incident(hotRun) + Incident(coldRun));
        Assert.That((await GetAsync(app, "lead", hot))!["owner"]!.GetValue<string>(), Is.EqualTo(members[2]));
        Assert.That((await GetAsync(app, "lead", cold))!["owner"]!.GetValue<string>(), Is.EqualTo(members[0]), "no rule matched: the fallback candidates");
        Assert.That(Journal(hotRun), Does.Contain("rule 1 matched"));
    }

    [Test]
    public async Task A_step_acting_as_the_triggering_user_may_do_only_what_that_user_may()
    {
        const string app = "gw-runas";
        await ImportAsync(app);
        await _admin.CreateUserAsync("gw-rep", null, $"{app}/rep");
        var rep = await _factory.SignedInClientAsync("gw-rep", IdentityRequests.Password);
        var others = (await CreateAsync(_admin, app, "lead", new { name = "admin's" }))["id"]!.GetValue<string>();

        await PublishAsync(app, """
        { "key": "as-user", "name": "As the user", "trigger": { "type": "manual" },
          "activities": [ { "id": "write", "type": "updateRecord", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "values": { "grp": "mine" }, "runAs": "triggeringUser" } },
                          { "id": "del", "type": "deleteRecord", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" }, "runAs": "triggeringUser" } } ],
          "connections": [ { "source": "write", "outcome": "Done", "target": "del" } ] }
        """);
        // A lead of someone else is outside the rep's row scope: the step does not find it.
        var foreign = await SettledAsync(app, "as-user", await RunAsync(rep, app, "as-user", others));
        Assert.That(Status(foreign), Is.EqualTo("faulted"));
        Assert.That(Incident(foreign), Does.Contain("There is no lead record"));
        Assert.That((await GetAsync(app, "lead", others))!["grp"], Is.Null, "nothing changed");

        // Their own lead: the update is allowed, the delete is not (the role has no delete); the update of that step stays.
        var mine = (await CreateAsync(rep, app, "lead", new { name = "rep's" }))["id"]!.GetValue<string>();
        var own = await SettledAsync(app, "as-user", await RunAsync(rep, app, "as-user", mine));
        Assert.That(Status(own), Is.EqualTo("faulted"));
        Assert.That(Incident(own), Does.Contain("may not delete records of 'lead'"));
        var stored = await GetAsync(app, "lead", mine);
        Assert.That(stored, Is.Not.Null, "not deleted");
        Assert.That(stored!["grp"]!.GetValue<string>(), Is.EqualTo("mine"));
        Assert.That(stored["updatedBy"]!.GetValue<string>(), Is.Not.EqualTo("system"), "audited as the user the step acted for");

        // The same steps as the system may do it all.
        await PublishAsync(app, """
        { "key": "as-system", "name": "As the system", "trigger": { "type": "manual" },
          "activities": [ { "id": "del", "type": "deleteRecord", "properties": { "model": "lead", "id": { "expr": "trigger.recordId" } } } ] }
        """);
        var system = await SettledAsync(app, "as-system", await RunAsync(rep, app, "as-system", others));
        Assert.That(Status(system), Is.EqualTo("completed"), Incident(system));
        Assert.That(await GetAsync(app, "lead", others), Is.Null);

        // A record trigger acting for the rep who created the lead may not create tasks (the role has no task rights).
        await PublishAsync(app, """
        { "key": "follow", "name": "Follow up", "trigger": { "type": "record.created", "model": "lead" },
          "activities": [ { "id": "task", "type": "createRecord", "properties": { "model": "task", "values": { "title": "follow up" }, "runAs": "triggeringUser" } } ] }
        """);
        await CreateAsync(rep, app, "lead", new { name = "new one" });
        var follow = (await AllSettledAsync(app, "follow", 1)).Single();
        var followDetail = await SettledAsync(app, "follow", follow.GetProperty("id").GetString()!);
        Assert.That(Status(followDetail), Is.EqualTo("faulted"));
        Assert.That(Incident(followDetail), Does.Contain("may not create records of 'task'"));
        Assert.That(await QueryAsync(app, "task"), Is.Empty);
    }

    [Test]
    public async Task A_failing_record_step_rolls_back_its_own_writes_and_a_retry_continues_from_it()
    {
        const string app = "gw-rollback";
        await ImportAsync(app);
        var taken = (await CreateAsync(_admin, app, "lead", new { name = "holder", code = "DUP" }))["id"]!.GetValue<string>();
        await PublishAsync(app, """
        { "key": "counted", "name": "Counts created leads", "trigger": { "type": "record.created", "model": "lead" },
          "activities": [ { "id": "s", "type": "setVariable", "properties": { "name": "seen", "value": { "expr": "trigger.record.name" } } } ] }
        """);
        await PublishAsync(app, """
        { "key": "two", "name": "Two leads", "trigger": { "type": "manual" },
          "activities": [ { "id": "first", "type": "createRecord", "properties": { "model": "lead", "values": { "name": "first", "code": "F1" } } },
                          { "id": "second", "type": "createRecord", "properties": { "model": "lead", "values": { "name": "second", "code": "DUP" } } } ],
          "connections": [ { "source": "first", "outcome": "Done", "target": "second" } ] }
        """);
        var id = await RunAsync(_admin, app, "two");
        var faulted = await SettledAsync(app, "two", id);
        Assert.That(Status(faulted), Is.EqualTo("faulted"));
        Assert.That(Incident(faulted), Does.Contain("code").And.Contain("already used"));
        Assert.That(faulted.GetProperty("incidents")[0].GetProperty("activityId").GetString(), Is.EqualTo("second"));

        var names = (await QueryAsync(app, "lead")).Select(l => l!["name"]!.GetValue<string>()).Order().ToList();
        Assert.That(names, Is.EqualTo(new[] { "first", "holder" }), "the step before the failure stays; the failing step left no record");
        var counted = await AllSettledAsync(app, "counted", 1);
        Assert.That(counted, Has.Count.EqualTo(1), "the committed create started the record-triggered workflow; the failed one did not");

        // Remove the cause and retry: the instance continues with the failed step, the first is not created twice.
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/apps/{app}/models/lead/records/{taken}") { Content = JsonContent.Create(new { code = "OLD" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "1");
        (await _admin.SendAsync(patch)).EnsureSuccessStatusCode();
        var retry = await _admin.PostAsync($"/api/apps/{app}/workflows/two/instances/{id}/retry", null);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        JsonElement done;
        var tries = 0;
        do { await Task.Delay(50); done = await SettledAsync(app, "two", id); } while (Status(done) != "completed" && ++tries < 200);
        Assert.That(Status(done), Is.EqualTo("completed"), Incident(done));
        names = (await QueryAsync(app, "lead")).Select(l => l!["name"]!.GetValue<string>()).Order().ToList();
        Assert.That(names, Is.EqualTo(new[] { "first", "holder", "second" }));
    }

    [Test]
    public async Task Workflows_starting_each_other_stop_at_the_depth_limit_and_the_failing_step_keeps_no_record()
    {
        const string app = "gw-chain";
        await ImportAsync(app);
        await PublishAsync(app, """
        { "key": "lead-to-task", "name": "Lead → task", "trigger": { "type": "record.created", "model": "lead" },
          "activities": [ { "id": "t", "type": "createRecord", "properties": { "model": "task", "values": { "title": { "expr": "'for ' + trigger.record.name" } } } } ] }
        """);
        await PublishAsync(app, """
        { "key": "task-to-lead", "name": "Task → lead", "trigger": { "type": "record.created", "model": "task" },
          "activities": [ { "id": "l", "type": "createRecord", "properties": { "model": "lead", "values": { "name": { "expr": "'from ' + trigger.record.title" } } } } ] }
        """);
        await CreateAsync(_admin, app, "lead", new { name = "seed" });
        // lead-to-task runs at depths 0, 2, 4, 6, 8 and task-to-lead at 1, 3, 5, 7; the task written at depth 8 would start depth 9.
        var forward = await AllSettledAsync(app, "lead-to-task", 5);
        var backward = await AllSettledAsync(app, "task-to-lead", 4);
        Assert.That((forward.Count, backward.Count), Is.EqualTo((5, 4)));
        var faulted = forward.Where(i => i.GetProperty("status").GetString() == "faulted").ToList();
        Assert.That(faulted, Has.Count.EqualTo(1));
        var detail = await SettledAsync(app, "lead-to-task", faulted[0].GetProperty("id").GetString()!);
        Assert.That(Incident(detail), Does.Contain("depth 9").And.Contain("at most 8"));
        Assert.That((await QueryAsync(app, "task")).Count, Is.EqualTo(4), "the task inserted by the failing step was rolled back with it");
        Assert.That((await QueryAsync(app, "lead")).Count, Is.EqualTo(5));
    }
}
