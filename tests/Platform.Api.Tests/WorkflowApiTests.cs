using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests;

namespace Platform.Api.Tests;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class WorkflowApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string Secret = "hook-secret-8f2a9c41d7";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        (await _client.PostAsJsonAsync("/api/apps/import", new { key = "crm", name = "CRM" })).EnsureSuccessStatusCode();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task PutAndPublishAsync(string key, string json)
    {
        var put = await _client.PutAsync($"/api/apps/crm/workflows/{key}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var publish = await _client.PostAsync($"/api/apps/crm/workflows/{key}/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
    }

    /// <summary>Waits for the node's worker to bring the instance to a resting state, then returns it.</summary>
    private async Task<JsonElement> SettledAsync(string key, string id, Func<JsonElement, bool>? until = null)
    {
        // Generous: a loaded 2-core machine may take seconds to run a step; only a failing test waits it out.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await _client.GetAsync($"/api/apps/crm/workflows/{key}/instances/{id}");
            var late = DateTime.UtcNow > deadline;
            if (response.StatusCode == HttpStatusCode.NotFound && !late) { await Task.Delay(50); continue; } // not started yet
            var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
            var status = detail.GetProperty("instance").GetProperty("status").GetString();
            if ((status is "completed" or "faulted" or "suspended" && (until is null || until(detail))) || late) return detail;
            await Task.Delay(50);
        }
    }

    [Test]
    public async Task A_manual_run_completes_on_the_node_worker_and_shows_its_journal()
    {
        await PutAndPublishAsync("hello", """
        { "key": "hello", "name": "Hello", "trigger": { "type": "manual" },
          "activities": [ { "id": "s", "type": "script", "properties": { "script": "'hello ' + vars.name", "variable": "text" } },
                          { "id": "n", "type": "notify", "properties": { "channel": "inApp", "to": { "expr": "trigger.caller.id" }, "title": { "expr": "vars.text" } } } ],
          "connections": [ { "source": "s", "outcome": "Done", "target": "n" } ] }
        """);
        var run = await _client.PostAsJsonAsync("/api/apps/crm/workflows/hello/run", new { inputs = new { name = "华东" } });
        Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        var detail = await SettledAsync("hello", id);
        Assert.That(detail.GetProperty("instance").GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(detail.GetProperty("variables").GetProperty("text").GetString(), Is.EqualTo("hello 华东"));
        var journal = detail.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("message").GetString()).ToList();
        Assert.That(journal[0], Does.Contain("Started by manual by admin"));
        var notes = await _client.GetFromJsonAsync<JsonElement[]>("/api/notifications");
        Assert.That(notes!.Select(n => n.GetProperty("title").GetString()), Does.Contain("hello 华东"));

        var list = await _client.GetFromJsonAsync<JsonElement[]>("/api/apps/crm/workflows");
        var hello = list!.Single(w => w.GetProperty("key").GetString() == "hello");
        Assert.That((hello.GetProperty("status").GetString(), hello.GetProperty("publishedVersion").GetInt64()), Is.EqualTo(("published", 1L)));
        var instances = await _client.GetFromJsonAsync<JsonElement[]>("/api/apps/crm/workflows/hello/instances");
        Assert.That(instances!.Select(i => i.GetProperty("id").GetString()), Does.Contain(id));
        var export = await _client.GetFromJsonAsync<JsonElement>("/api/apps/crm/export");
        Assert.That(export.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("key").GetString()), Does.Contain("hello"), "definitions travel with the app package");
    }

    [Test]
    public async Task Publishing_a_broken_definition_is_a_400_naming_the_activity()
    {
        var put = await _client.PutAsync("/api/apps/crm/workflows/broken", new StringContent("""
        { "key": "broken", "name": "Broken", "trigger": { "type": "manual" },
          "activities": [ { "id": "check", "type": "condition", "properties": { "condition": "vars.x ===" } } ] }
        """, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a draft may be unfinished");
        var publish = await _client.PostAsync("/api/apps/crm/workflows/broken/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await publish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("activities.check")[0].GetString(), Does.Contain("does not parse"));
        var run = await _client.PostAsJsonAsync("/api/apps/crm/workflows/broken/run", new { });
        Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an unpublished workflow cannot run");
    }

    [Test]
    public async Task An_inbound_webhook_needs_the_right_secret()
    {
        await PutAndPublishAsync("inbound", $$"""
        { "key": "inbound", "name": "Inbound", "trigger": { "type": "webhook", "secret": "{{Secret}}" },
          "activities": [ { "id": "s", "type": "setVariable", "properties": { "name": "lead", "value": { "expr": "trigger.body.company" } } } ] }
        """);
        var stored = await _client.GetStringAsync("/api/apps/crm/workflows/inbound");
        Assert.That(stored, Does.Not.Contain(Secret), "only a hash of the secret is kept");

        var anonymous = _factory.CreateClient();
        async Task<HttpResponseMessage> Hook(string? secret)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/hooks/crm/inbound") { Content = JsonContent.Create(new { company = "比亚迪" }) };
            if (secret is not null) request.Headers.Add("X-Webhook-Secret", secret);
            return await anonymous.SendAsync(request);
        }
        Assert.That((await Hook(null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Hook(Secret + "x")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var ok = await Hook(Secret);
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        var detail = await SettledAsync("inbound", id);
        Assert.That(detail.GetProperty("variables").GetProperty("lead").GetString(), Is.EqualTo("比亚迪"));
        var instances = await _client.GetFromJsonAsync<JsonElement[]>("/api/apps/crm/workflows/inbound/instances");
        Assert.That(instances, Has.Length.EqualTo(1), "refused calls started nothing");
    }

    [Test]
    public async Task A_faulted_instance_shows_its_incident_and_can_be_retried_and_a_signal_resumes_a_wait()
    {
        await PutAndPublishAsync("fragile", """
        { "key": "fragile", "name": "Fragile", "trigger": { "type": "manual" },
          "activities": [ { "id": "wait", "type": "signal", "properties": { "signal": "go", "variable": "answer" } },
                          { "id": "calc", "type": "script", "properties": { "script": "if (!vars.answer.ok) throw new Error('answer not ok'); 1" } } ],
          "connections": [ { "source": "wait", "outcome": "Done", "target": "calc" } ] }
        """);
        var run = await _client.PostAsJsonAsync("/api/apps/crm/workflows/fragile/run", new { });
        var id = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        Assert.That((await SettledAsync("fragile", id)).GetProperty("instance").GetProperty("status").GetString(), Is.EqualTo("suspended"));
        var wrong = await _client.PostAsJsonAsync($"/api/apps/crm/workflows/fragile/instances/{id}/signal", new { signal = "stop" });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var signal = await _client.PostAsJsonAsync($"/api/apps/crm/workflows/fragile/instances/{id}/signal", new { signal = "go", payload = new { ok = false } });
        Assert.That(signal.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var faulted = await SettledAsync("fragile", id, d => d.GetProperty("incidents").GetArrayLength() > 0);
        Assert.That(faulted.GetProperty("instance").GetProperty("status").GetString(), Is.EqualTo("faulted"));
        var incident = faulted.GetProperty("incidents")[0];
        Assert.That(incident.GetProperty("activityId").GetString(), Is.EqualTo("calc"));
        Assert.That(incident.GetProperty("error").GetString(), Does.Contain("answer not ok"));
        var retry = await _client.PostAsync($"/api/apps/crm/workflows/fragile/instances/{id}/retry", null);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var again = await SettledAsync("fragile", id, d => d.GetProperty("incidents").GetArrayLength() > 1);
        Assert.That(again.GetProperty("incidents").GetArrayLength(), Is.EqualTo(2), "the cause was not fixed, so the retry failed again and says so");
        var noIncident = await _client.PostAsync($"/api/apps/crm/workflows/hello-none/instances/{Guid.NewGuid()}/retry", null);
        Assert.That(noIncident.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Workflows_travel_with_imported_and_copied_apps_and_a_broken_one_refuses_the_import()
    {
        var package = """
        { "key": "pkg", "name": "Package", "workflows": [
          { "key": "ping", "name": "Ping", "published": true, "trigger": { "type": "manual" },
            "activities": [ { "id": "s", "type": "setVariable", "properties": { "name": "pong", "value": true } } ] } ] }
        """;
        var import = await _client.PostAsync("/api/apps/import", new StringContent(package, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var copy = await _client.PostAsJsonAsync("/api/apps/pkg/copy", new { key = "pkg-copy", name = "Copy" });
        Assert.That(copy.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        foreach (var app in new[] { "pkg", "pkg-copy" })
        {
            var list = await _client.GetFromJsonAsync<JsonElement[]>($"/api/apps/{app}/workflows");
            Assert.That(list!.Single().GetProperty("publishedVersion").GetInt64(), Is.EqualTo(1), app);
            var run = await _client.PostAsJsonAsync($"/api/apps/{app}/workflows/ping/run", new { });
            Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), app);
        }
        var broken = await _client.PostAsync("/api/apps/import", new StringContent(package.Replace("\"pkg\"", "\"pkg-broken\"").Replace("setVariable", "teleport"), System.Text.Encoding.UTF8, "application/json"));
        Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _client.GetAsync("/api/apps/pkg-broken/export")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was created");
    }
}
