using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Sales;

/// <summary>
/// The follow-up SOP (templates/sales-crm/models/followup.json, forms/followup-form.json): five required
/// fields, the next date taken from the note when the client leaves it out (model defaultExpression), and
/// keyword tag suggestions defined as option keywords for the form's suggest rule.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class SalesFollowupTests(string provider)
{
    private const string App = "sales-crm";
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;
    private string _customer = "";
    private string _contact = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, new Dictionary<string, string?> { ["LOWCODE_INSTALL_TEMPLATES"] = App });
        _admin = await _factory.SignedInClientAsync();
        _customer = (await CreateAsync(_admin, App, "customer", new { name = "跟进 SOP 客户" }))["id"]!.GetValue<string>();
        _contact = (await CreateAsync(_admin, App, "contact", new { name = "王经理", customer = _customer }))["id"]!.GetValue<string>();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    /// <summary>Wednesday of next week in the platform's zone (China), as the rep reads 下周三.</summary>
    private static string NextWeeksWednesday()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return monday.AddDays(9).ToString("yyyy-MM-dd");
    }

    [Test]
    public async Task A_follow_up_needs_customer_contact_stage_next_date_and_key_obstacle()
    {
        var before = await CountAsync(_admin, App, "followup");
        var (status, body) = await SendAsync(_admin, HttpMethod.Post, $"/api/apps/{App}/models/followup/records", new { note = "打了电话" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(body).Select(e => e.Key), Is.SupersetOf(new[] { "customer", "contact", "stage", "next_date", "obstacle" }),
            "every SOP field is named; a note without a date phrase gives no next date");
        Assert.That(await CountAsync(_admin, App, "followup"), Is.EqualTo(before), "the refused write left nothing behind");
        var ok = await CreateAsync(_admin, App, "followup", new { customer = _customer, contact = _contact, stage = "初步接触", next_date = "2026-12-02", obstacle = "预算未批" });
        Assert.That(ok["next_date"]!.GetValue<string>(), Is.EqualTo("2026-12-02"), "the five fields are enough");
    }

    [Test]
    public async Task The_server_takes_the_next_date_from_the_note_when_the_client_leaves_it_out_and_keeps_a_given_one()
    {
        var derived = await CreateAsync(_admin, App, "followup", new { customer = _customer, contact = _contact, stage = "需求确认", obstacle = "等技术评估", note = "客户要报价，下周三再联系" });
        Assert.That(derived["next_date"]!.GetValue<string>(), Is.EqualTo(NextWeeksWednesday()), "下周三 → Wednesday of next week");
        var given = await CreateAsync(_admin, App, "followup", new { customer = _customer, contact = _contact, stage = "需求确认", obstacle = "等技术评估", note = "下周三再联系", next_date = "2027-01-04" });
        Assert.That(given["next_date"]!.GetValue<string>(), Is.EqualTo("2027-01-04"), "a date the client sends wins over the note");
        var (status, body) = await SendAsync(_admin, HttpMethod.Post, $"/api/apps/{App}/models/followup/records",
            new { customer = _customer, contact = _contact, stage = "需求确认", obstacle = "等技术评估", note = "客户没说时间" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(body).Select(e => e.Key), Is.EqualTo(new[] { "next_date" }), "no phrase, no date: the rep must give one");
    }

    [Test]
    public async Task The_follow_up_form_suggests_tags_from_keyword_options_that_stay_editable_definitions()
    {
        var form = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/forms/followup-form")).Body!;
        var fields = form.ToJsonString();
        foreach (var key in new[] { "customer", "contact", "stage", "next_date", "obstacle", "note", "tags" }) Assert.That(fields, Does.Contain($"\"fieldKey\":\"{key}\""));
        var suggest = form["rules"]!.AsArray().SelectMany(r => r!["then"]!.AsArray()).Single(a => a!["action"]!.GetValue<string>() == "suggest")!;
        Assert.That((suggest["field"]!.GetValue<string>(), suggest["from"]!.GetValue<string>()), Is.EqualTo(("tags", "note")));

        var model = (await SendAsync(_admin, HttpMethod.Get, $"/api/apps/{App}/models/followup")).Body!;
        var options = model["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "tags")!["options"]!.AsArray();
        string Tag(string keyword) => options.Single(o => o!["keywords"]!.AsArray().Any(k => k!.GetValue<string>() == keyword))!["value"]!.GetValue<string>();
        Assert.That((Tag("报价"), Tag("试用"), Tag("合同")), Is.EqualTo(("价格讨论", "产品试用", "合同谈判")));
        Assert.That(model["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "next_date")!["defaultExpression"]!.GetValue<string>(), Does.Contain("nextDateFromText(note"));

        // The suggest action is checked like the others: a rule proposing from a field the model lacks is refused.
        var broken = (JsonObject)form.DeepClone();
        broken["rules"]![0]!["then"]![0]!["from"] = "nope";
        var (status, body) = await SendAsync(_admin, HttpMethod.Put, $"/api/apps/{App}/forms/followup-form", broken);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(body).Select(e => e.Key), Has.Some.EndsWith(".from"));
    }
}
