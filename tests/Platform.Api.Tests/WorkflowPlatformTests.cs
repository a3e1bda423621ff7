using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Api.Tests;

/// <summary>
/// Workflows meeting the rest of the platform: the working-day calendar admins edit, form
/// submissions, who may manage workflows, and HTTP requests kept away from the platform's own network.
/// </summary>
public class WorkflowPlatformTests
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private const string App = "wf-platform";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory();
        _admin = await _factory.SignedInClientAsync();
        var package = $$"""
        { "key": "{{App}}", "name": "Workflow platform",
          "models": [ { "key": "lead", "name": "线索", "fields": [ { "key": "name", "type": "text", "required": true } ] } ],
          "forms": [ { "key": "lead-form", "model": "lead", "name": "线索登记", "layout": [ { "type": "field", "fieldKey": "name" } ] } ] }
        """;
        var response = await _admin.PostAsync("/api/apps/import", new StringContent(package, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private static async Task PublishAsync(HttpClient admin, string json)
    {
        var key = JsonNode.Parse(json)!["key"]!.GetValue<string>();
        var put = await admin.PutAsync($"/api/apps/{App}/workflows/{key}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var publish = await admin.PostAsync($"/api/apps/{App}/workflows/{key}/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> SettledAsync(HttpClient admin, string key, string id)
    {
        for (var i = 0; ; i++)
        {
            var response = await admin.GetAsync($"/api/apps/{App}/workflows/{key}/instances/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound && i < 300) { await Task.Delay(50); continue; }
            var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (detail.GetProperty("instance").GetProperty("status").GetString() is "completed" or "faulted" or "suspended" || i > 300) return detail;
            await Task.Delay(50);
        }
    }

    private static async Task<string> RunAsync(HttpClient client, string key)
    {
        var run = await client.PostAsJsonAsync($"/api/apps/{App}/workflows/{key}/run", new { });
        Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await run.Content.ReadAsStringAsync());
        return (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
    }

    private static string Journal(JsonElement detail) => string.Join("\n", detail.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("message").GetString()));
    private static string Incident(JsonElement detail) => string.Join("\n", detail.GetProperty("incidents").EnumerateArray().Select(j => j.GetProperty("error").GetString()));

    [Test]
    public async Task A_working_day_delay_follows_the_calendar_an_administrator_edited()
    {
        // Today (Shanghai) a working day, the next three days off, the fourth a make-up working day:
        // one working day from now is then the fourth day, whatever weekday or holiday today is.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        async Task Edit(int offset, bool work)
        {
            var put = await _admin.PutAsJsonAsync($"/api/calendar/days/{today.AddDays(offset):yyyy-MM-dd}", new { isWorkday = work, name = work ? "调休上班" : "公司年会" });
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        }
        await Edit(0, true);
        for (var d = 1; d <= 3; d++) await Edit(d, false);
        await Edit(4, true);

        await PublishAsync(_admin, """
        { "key": "wait-a-day", "name": "Wait a working day", "trigger": { "type": "manual" },
          "activities": [ { "id": "wait", "type": "delay", "properties": { "duration": "1d", "workingDays": true } } ] }
        """);
        var detail = await SettledAsync(_admin, "wait-a-day", await RunAsync(_admin, "wait-a-day"));
        Assert.That(detail.GetProperty("instance").GetProperty("status").GetString(), Is.EqualTo("suspended"));
        var until = System.Text.RegularExpressions.Regex.Match(Journal(detail), @"until (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC").Groups[1].Value;
        var due = DateTimeOffset.Parse(until + "Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, zone).DateTime), Is.EqualTo(today.AddDays(4)),
            "the three days the administrator took off do not count; the make-up day does");
    }

    [Test]
    public async Task A_form_submission_starts_its_workflow_and_other_creates_do_not()
    {
        await PublishAsync(_admin, """
        { "key": "on-form", "name": "Form submitted", "trigger": { "type": "form.submitted", "model": "lead", "form": "lead-form" },
          "activities": [ { "id": "s", "type": "setVariable", "properties": { "name": "via", "value": { "expr": "trigger.form + ':' + trigger.record.name" } } } ] }
        """);
        var plain = await _admin.PostAsJsonAsync($"/api/apps/{App}/models/lead/records", new { name = "via API" });
        Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var viaForm = await _admin.PostAsJsonAsync($"/api/apps/{App}/models/lead/records", new Dictionary<string, object> { ["name"] = "via form", ["_form"] = "lead-form" });
        Assert.That(viaForm.StatusCode, Is.EqualTo(HttpStatusCode.Created), await viaForm.Content.ReadAsStringAsync());
        Assert.That((await viaForm.Content.ReadAsStringAsync()), Does.Not.Contain("_form"), "the form key is not stored on the record");
        var unknown = await _admin.PostAsJsonAsync($"/api/apps/{App}/models/lead/records", new Dictionary<string, object> { ["name"] = "x", ["_form"] = "ghost" });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("_form")[0].GetString(), Does.Contain("ghost"));

        JsonElement[] instances = [];
        for (var i = 0; i < 100 && instances.Length == 0; i++)
        {
            await Task.Delay(50);
            instances = (await _admin.GetFromJsonAsync<JsonElement[]>($"/api/apps/{App}/workflows/on-form/instances"))!;
        }
        await Task.Delay(200);
        instances = (await _admin.GetFromJsonAsync<JsonElement[]>($"/api/apps/{App}/workflows/on-form/instances"))!;
        Assert.That(instances, Has.Length.EqualTo(1), "only the create through the form started it");
        var detail = await SettledAsync(_admin, "on-form", instances[0].GetProperty("id").GetString()!);
        Assert.That(detail.GetProperty("variables").GetProperty("via").GetString(), Is.EqualTo("lead-form:via form"));
    }

    [Test]
    public async Task Workflow_administration_answers_403_to_a_signed_in_non_admin_and_401_to_nobody()
    {
        await _admin.CreateUserAsync("wf-plain-user");
        var user = await _factory.SignedInClientAsync("wf-plain-user", IdentityRequests.Password);
        Assert.That((await user.GetAsync($"/api/apps/{App}/workflows")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await user.PostAsync($"/api/apps/{App}/workflows/any/publish", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _factory.CreateClient().GetAsync($"/api/apps/{App}/workflows")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_http_activity_refuses_the_platforms_own_network_unless_the_setting_allows_it()
    {
        using var receiver = new LoopbackReceiver();
        foreach (var (key, url) in new[] { ("to-loopback", receiver.Url), ("to-metadata", "http://169.254.169.254/latest/meta-data/"), ("to-localhost", "http://localhost:9/"), ("to-private", "http://10.1.2.3/") })
        {
            await PublishAsync(_admin, $$"""
            { "key": "{{key}}", "name": "Call", "trigger": { "type": "manual" },
              "activities": [ { "id": "call", "type": "http", "properties": { "url": "{{url}}", "body": { "a": 1 } } } ] }
            """);
            var detail = await SettledAsync(_admin, key, await RunAsync(_admin, key));
            Assert.That(detail.GetProperty("instance").GetProperty("status").GetString(), Is.EqualTo("faulted"), key);
            Assert.That(Incident(detail), Does.Contain("refused").And.Contain("LOWCODE_WORKFLOW_HTTP_ALLOW"), key);
        }
        Assert.That(receiver.Requests, Is.EqualTo(0), "nothing reached the loopback receiver");

        // An installation that allows loopback (as these tests do) reaches it.
        await using var allowed = new PlatformFactory(settings: new Dictionary<string, string?> { ["LOWCODE_WORKFLOW_HTTP_ALLOW"] = "loopback" });
        var admin = await allowed.SignedInClientAsync();
        var package = $$"""{ "key": "{{App}}", "name": "Allowed", "models": [ { "key": "lead", "name": "线索", "fields": [ { "key": "name", "type": "text" } ] } ] }""";
        (await admin.PostAsync("/api/apps/import", new StringContent(package, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await PublishAsync(admin, $$"""
        { "key": "to-loopback", "name": "Call", "trigger": { "type": "manual" },
          "activities": [ { "id": "call", "type": "http", "properties": { "url": "{{receiver.Url}}", "body": { "a": 1 } } } ] }
        """);
        var id = await RunAsync(admin, "to-loopback");
        var ok = await SettledAsync(admin, "to-loopback", id);
        for (var i = 0; i < 200 && ok.GetProperty("instance").GetProperty("status").GetString() == "suspended"; i++)
        {
            await Task.Delay(50); // the request leaves through the outbox after the step commits
            ok = await SettledAsync(admin, "to-loopback", id);
        }
        Assert.That(ok.GetProperty("instance").GetProperty("status").GetString(), Is.EqualTo("completed"), Incident(ok));
        Assert.That(Journal(ok), Does.Contain("response 200"));
        Assert.That(receiver.Requests, Is.EqualTo(1));
    }

    /// <summary>A real HTTP server on loopback that answers 200 and counts requests.</summary>
    private sealed class LoopbackReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;
        public string Url { get; }
        public int Requests => _requests;

        public LoopbackReceiver()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    try
                    {
                        var context = await _listener.GetContextAsync();
                        Interlocked.Increment(ref _requests);
                        context.Response.StatusCode = 200;
                        await context.Response.OutputStream.WriteAsync("{\"ok\":true}"u8.ToArray());
                        context.Response.Close();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                }
            });
        }

        public void Dispose() => _listener.Close();
    }
}
