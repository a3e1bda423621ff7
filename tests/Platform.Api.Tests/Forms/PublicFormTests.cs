using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Forms;

/// <summary>
/// Public forms (外链表单, docs/forms.md): the sales template's lead form is served and accepts
/// submissions without sign-in at /api/public/forms/{app}/{slug}, creates the lead as the system
/// through the form, refuses everything the form does not place, and is limited per address.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class PublicFormTests(string provider)
{
    private const string App = "sales-crm";
    private const string Slug = "sales-crm-web-lead-2026";
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = App });
        _admin = await _factory.SignedInClientAsync();
        _anonymous = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<JsonObject[]> LeadsOf(string company) =>
        (await QueryAsync(_admin, App, "lead", new { filter = new { field = "company", op = "eq", value = company } }))["items"]!
            .AsArray().Select(x => (JsonObject)x!).ToArray();

    /// <summary>Saves a copy of the template's lead form under another key with the given public option.</summary>
    private async Task<string> PublicCopyAsync(string key, JsonObject option)
    {
        var form = (JsonObject)(await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/forms/lead-form")).Body!;
        form["key"] = key;
        form["public"] = option;
        var (status, body) = await SendAsync(_admin, HttpMethod.Put, $"/api/apps/{App}/forms/{key}", form);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return option["slug"]!.GetValue<string>();
    }

    [Test]
    public async Task An_anonymous_visitor_reads_the_form_without_its_secret_and_only_the_placed_fields()
    {
        var (status, body) = await SendAsync(_anonymous, HttpMethod.Get, $"/api/public/forms/{App}/{Slug}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        Assert.That(body!["form"]!["key"]!.GetValue<string>(), Is.EqualTo("lead-form"));
        Assert.That(body["form"]!.AsObject().ContainsKey("public"), Is.False, "the slug and limits stay on the server");
        Assert.That(body["appName"]!.GetValue<string>(), Is.EqualTo("销售管理"));
        var fields = body["model"]!["fields"]!.AsArray().Select(f => f!["key"]!.GetValue<string>()).ToList();
        Assert.That(fields, Is.EquivalentTo(new[] { "company", "contact_name", "mobile", "industry", "budget", "decision_chain" }));
        Assert.That(body["schema"]!["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(fields));
        Assert.That(body["schema"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "company" }));
    }

    [Test]
    public async Task An_anonymous_submission_creates_the_lead_as_the_system_with_the_form_defaults_and_starts_form_submitted_workflows()
    {
        var put = await _admin.PutAsync($"/api/apps/{App}/workflows/public-lead-seen", new StringContent("""
            { "key": "public-lead-seen", "name": "Public lead seen", "trigger": { "type": "form.submitted", "model": "lead", "form": "lead-form" },
              "activities": [ { "id": "s", "type": "setVariable", "properties": { "name": "via", "value": { "expr": "trigger.form + ':' + trigger.record.company" } } } ] }
            """, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.That((await _admin.PostAsync($"/api/apps/{App}/workflows/public-lead-seen/publish", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // No session, no antiforgery token: a plain POST from a web page.
        var (status, body) = await SendAsync(_anonymous, HttpMethod.Post, $"/api/public/forms/{App}/{Slug}",
            new { company = "官网留资有限公司", contact_name = "周先生", mobile = "13800001111", industry = "制造", budget = 200000 });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body?.ToJsonString());
        var id = body!["id"]!.GetValue<string>();
        Assert.That(body.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "id" }), "the visitor learns nothing of the stored record");

        var lead = (await LeadsOf("官网留资有限公司")).Single();
        Assert.That(lead["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(lead["source"]!.GetValue<string>(), Is.EqualTo("官网表单"), "the form's default for a field it does not place");
        Assert.That(lead["contact_name"]!.GetValue<string>(), Is.EqualTo("周先生"));
        Assert.That(lead["createdBy"]!.GetValue<string>(), Is.EqualTo("system"));

        JsonNode? seen = null;
        for (var i = 0; i < 200 && seen is null; i++)
        {
            var instances = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/workflows/public-lead-seen/instances")).Body!.AsArray();
            foreach (var instance in instances)
            {
                var detail = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/workflows/public-lead-seen/instances/{instance!["id"]}")).Body!;
                if (detail["variables"]?["via"]?.GetValue<string>() == "lead-form:官网留资有限公司") seen = detail;
            }
            if (seen is null) await Task.Delay(50);
        }
        Assert.That(seen, Is.Not.Null, "form.submitted fired for the public submission");
    }

    [Test]
    public async Task Fields_the_form_does_not_place_are_refused_and_nothing_is_created()
    {
        var (status, body) = await SendAsync(_anonymous, HttpMethod.Post, $"/api/public/forms/{App}/{Slug}",
            new { company = "越权字段公司", score = 99, owner = "admin", status = "已转化" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body?.ToJsonString());
        var errors = Errors(body);
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "score", "owner", "status" }));
        Assert.That(errors["score"]![0]!.GetValue<string>(), Does.Contain("does not accept 'score'"));
        Assert.That(await LeadsOf("越权字段公司"), Is.Empty);

        // The model's own rules still apply to accepted fields.
        (status, body) = await SendAsync(_anonymous, HttpMethod.Post, $"/api/public/forms/{App}/{Slug}", new { contact_name = "无公司" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(body).ContainsKey("company"), Is.True, body?.ToJsonString());
    }

    [Test]
    public async Task A_wrong_slug_an_unknown_app_and_a_disabled_form_all_answer_404()
    {
        foreach (var url in new[] { $"/api/public/forms/{App}/sales-crm-web-lead-2027", $"/api/public/forms/{App}/short", $"/api/public/forms/no-such-app/{Slug}" })
        {
            Assert.That((await _anonymous.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
            Assert.That((await SendAsync(_anonymous, HttpMethod.Post, url, new { company = "x" })).Status, Is.EqualTo(HttpStatusCode.NotFound), url);
        }
        var slug = await PublicCopyAsync("lead-paused", new JsonObject { ["enabled"] = false, ["slug"] = "paused-form-slug-0001" });
        Assert.That((await _anonymous.GetAsync($"/api/public/forms/{App}/{slug}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await SendAsync(_anonymous, HttpMethod.Post, $"/api/public/forms/{App}/{slug}", new { company = "停用表单公司" })).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await LeadsOf("停用表单公司"), Is.Empty);
    }

    [Test]
    public async Task Submissions_beyond_the_forms_limit_per_minute_get_429_with_retry_after()
    {
        var slug = await PublicCopyAsync("lead-limited", new JsonObject { ["enabled"] = true, ["slug"] = "limited-form-slug-0001", ["perMinute"] = 2 });
        for (var i = 0; i < 2; i++)
            Assert.That((await SendAsync(_anonymous, HttpMethod.Post, $"/api/public/forms/{App}/{slug}", new { company = "限流公司" })).Status, Is.EqualTo(HttpStatusCode.Created));
        var third = await _anonymous.PostAsync($"/api/public/forms/{App}/{slug}", Json(new { company = "限流公司" }));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(third.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        Assert.That(await LeadsOf("限流公司"), Has.Length.EqualTo(2));
        // Another public form keeps its own count.
        Assert.That((await SendAsync(_anonymous, HttpMethod.Post, $"/api/public/forms/{App}/{Slug}", new { company = "限流之外公司" })).Status, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_public_form_needs_a_long_slug_and_only_fields_a_visitor_can_fill()
    {
        var form = (JsonObject)(await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/forms/lead-form")).Body!;
        form["key"] = "lead-bad-public";
        form["public"] = new JsonObject { ["enabled"] = true, ["slug"] = "short", ["perMinute"] = 0, ["owner"] = "admin" };
        ((JsonArray)form["layout"]!).Add(new JsonObject { ["type"] = "field", ["fieldKey"] = "customer" });
        var (status, body) = await SendAsync(_admin, HttpMethod.Put, $"/api/apps/{App}/forms/lead-bad-public", form);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = Errors(body);
        Assert.That(errors["public.slug"]![0]!.GetValue<string>(), Does.Contain("at least 16"));
        Assert.That(errors["public.perMinute"]![0]!.GetValue<string>(), Does.Contain("1 to 1000"));
        Assert.That(errors["public.owner"]![0]!.GetValue<string>(), Does.Contain("Unknown option"));
        Assert.That(errors["layout[4].fieldKey"]![0]!.GetValue<string>(), Does.Contain("cannot hold 'customer'"));
        Assert.That((await _admin.GetAsync($"/api/apps/{App}/forms/lead-bad-public")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
