using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>
/// A field's defaultExpression applies to imported rows exactly as to a single create: a row that leaves
/// the field empty gets the computed value, a row that fills it keeps its own, and an updated record is left alone.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class ImportDefaultExpressionTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "import-defaults";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        var model = JsonNode.Parse("""
            { "key": "visit", "name": "拜访", "fields": [
                { "key": "code", "type": "text", "unique": true },
                { "key": "note", "type": "text" },
                { "key": "next_date", "type": "date", "required": true, "defaultExpression": "nextDateFromText(note, '2026-11-23')" },
                { "key": "summary", "type": "text", "defaultExpression": "'[' + code + '] ' + (note || '')" } ] }
            """)!;
        var package = new JsonObject { ["key"] = App, ["name"] = "defaults", ["models"] = new JsonArray(model) };
        var response = await _client.PostAsync("/api/apps/import", Json(package));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<JsonNode> Import(string csv, string options = "{}")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "visits.csv");
        form.Add(new StringContent(options, Encoding.UTF8), "options");
        var response = await _client.PostAsync($"/api/apps/{App}/models/visit/records/import", form);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonObject> Visit(string code) =>
        (JsonObject)(await QueryAsync(_client, App, "visit", new { filter = new { field = "code", op = "eq", value = code } }))["items"]!.AsArray().Single()!;

    [Test]
    public async Task An_empty_cell_gets_the_default_expression_and_a_filled_one_keeps_its_value()
    {
        var report = await Import("code,note,next_date,summary\nV1,下周三再联系,,\nV2,下周三再联系,2026-12-24,自己写的\n");
        Assert.That(report["created"]?.GetValue<int>(), Is.EqualTo(2), report.ToJsonString());
        var v1 = await Visit("V1");
        Assert.That((v1["next_date"]!.GetValue<string>(), v1["summary"]!.GetValue<string>()), Is.EqualTo(("2026-12-02", "[V1] 下周三再联系")),
            "the same values a single create computes");
        var v2 = await Visit("V2");
        Assert.That((v2["next_date"]!.GetValue<string>(), v2["summary"]!.GetValue<string>()), Is.EqualTo(("2026-12-24", "自己写的")));
        var single = await CreateAsync(_client, App, "visit", new { code = "V3", note = "下周三再联系" });
        Assert.That(single["next_date"]!.GetValue<string>(), Is.EqualTo(v1["next_date"]!.GetValue<string>()));
    }

    [Test]
    public async Task A_required_field_whose_default_gives_nothing_is_still_reported_per_row()
    {
        var report = await Import("code,note\nW1,明天\nW2,没有日期\n", """{ "mode": "skipBadRows" }""");
        Assert.That(report["created"]?.GetValue<int>(), Is.EqualTo(1), report.ToJsonString());
        var rejected = report["rejected"]!.AsArray().Single()!;
        Assert.That((rejected["row"]!.GetValue<int>(), rejected["errors"]!.AsObject().Select(e => e.Key).Single()), Is.EqualTo((3, "next_date")));
        Assert.That((await Visit("W1"))["next_date"]!.GetValue<string>(), Is.EqualTo("2026-11-24"));
    }

    [Test]
    public async Task An_upsert_computes_defaults_for_the_new_rows_only()
    {
        await CreateAsync(_client, App, "visit", new { code = "U1", note = "旧", next_date = "2027-01-05", summary = "原摘要" });
        var report = await Import("code,note\nU1,下周三\nU2,下周三\n", """{ "action": "upsert", "matchOn": "code" }""");
        Assert.That((report["created"]?.GetValue<int>(), report["updated"]?.GetValue<int>()), Is.EqualTo((1, 1)), report.ToJsonString());
        var kept = await Visit("U1");
        Assert.That((kept["note"]!.GetValue<string>(), kept["next_date"]!.GetValue<string>(), kept["summary"]!.GetValue<string>()),
            Is.EqualTo(("下周三", "2027-01-05", "原摘要")), "an update is not a create: its other fields stay");
        Assert.That((await Visit("U2"))["summary"]!.GetValue<string>(), Is.EqualTo("[U2] 下周三"));
    }
}
