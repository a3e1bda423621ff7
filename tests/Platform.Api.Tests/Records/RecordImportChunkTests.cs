using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>
/// Imports longer than one chunk of <see cref="RecordImporter.ChunkRows"/> rows: a bad row in a later chunk is
/// reported by its own line, a value repeated across chunks is "used twice" (not "already used"), all or
/// nothing writes nothing, and skipping bad rows writes every other row with its history.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordImportChunkTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;
    private const string App = "crm-chunks";
    private const int Rows = RecordImporter.ChunkRows * 2 + 500;   // three chunks

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        var package = JsonNode.Parse($$"""
        { "key": "{{App}}", "name": "chunks", "models": [
          { "key": "item", "name": "Item", "displayField": "code", "fields": [
            { "key": "code", "type": "text", "required": true, "unique": true },
            { "key": "qty", "type": "number", "integer": true },
            { "key": "batch", "type": "text" } ] } ] }
        """)!;
        Assert.That((await _client.PostAsync("/api/apps/import", Json(package))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<long> CountBatchAsync(string batch)
    {
        var (_, result) = await SendAsync(_client, HttpMethod.Post, $"/api/apps/{App}/models/item/records/aggregate",
            new { filter = new { field = "batch", op = "eq", value = batch }, measures = new object[] { new { op = "count" } } });
        return result!["rows"]![0]!["count"]!.GetValue<long>();
    }

    /// <summary>
    /// The file (the header is line 1, row i is line i + 2): line 2,502 (2nd chunk) has a quantity that is no
    /// number, line 4,002 (3rd chunk) repeats the code of line 10 (1st chunk), line 4,003 the code of a record
    /// that existed before the import. Every line whose number leaves 5 divided by 11 has no quantity.
    /// </summary>
    private static string Csv(string batch)
    {
        var csv = new StringBuilder("code,qty,batch\n");
        for (var i = 0; i < Rows; i++)
        {
            var line = i + 2;
            var code = line switch { 4002 => $"{batch}-10", 4003 => $"{batch}-existing", _ => $"{batch}-{line}" };
            // Some quantities are left empty: the same insert then binds a number in one run and null in the next.
            var qty = line switch { 2502 => "many", _ when line % 11 == 5 => "", _ => line.ToString() };
            csv.Append(code).Append(',').Append(qty).Append(',').Append(batch).Append('\n');
        }
        return csv.ToString();
    }

    private static readonly string[] Expected = ["2502:qty", "4002:code", "4003:code"];

    private static string[] Rejected(JsonNode report) =>
        report["rejected"]!.AsArray().Select(r => $"{r!["row"]}:{string.Join(",", r["errors"]!.AsObject().Select(e => e.Key))}").ToArray();

    private static string Reason(JsonNode report, int row) =>
        report["rejected"]!.AsArray().Single(r => r!["row"]!.GetValue<int>() == row)!["errors"]!.AsObject().Single().Value![0]!.GetValue<string>();

    [Test]
    public async Task All_or_nothing_reports_bad_rows_of_later_chunks_by_their_line_and_writes_nothing()
    {
        await CreateAsync(_client, App, "item", new { code = "A-existing", batch = "before" });
        var (status, report) = await ImportCsvAsync(_client, App, "item", Csv("A"), new { mode = "allOrNothing" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), report.ToJsonString()[..Math.Min(500, report.ToJsonString().Length)]);
        Assert.That(Rejected(report), Is.EqualTo(Expected));
        Assert.That(Reason(report, 2502), Does.Contain("many"));
        Assert.That(Reason(report, 4002), Is.EqualTo("This value is used twice in the same batch."), "a repeat of the file's own row, though that row is in an earlier chunk");
        Assert.That(Reason(report, 4003), Is.EqualTo("This value is already used by another record."));
        Assert.That((report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>()), Is.EqualTo((0, 0)));
        Assert.That(await CountBatchAsync("A"), Is.EqualTo(0), "the first chunk, written before the bad row was read, is rolled back too");
    }

    [Test]
    public async Task Skipping_bad_rows_writes_every_other_row_of_every_chunk_with_its_history()
    {
        await CreateAsync(_client, App, "item", new { code = "S-existing", batch = "before" });
        var (status, report) = await ImportCsvAsync(_client, App, "item", Csv("S"), new { mode = "skipBadRows" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), report.ToJsonString()[..Math.Min(500, report.ToJsonString().Length)]);
        Assert.That(Rejected(report), Is.EqualTo(Expected));
        Assert.That(Reason(report, 4002), Is.EqualTo("This value is used twice in the same batch."));
        Assert.That(Reason(report, 4003), Is.EqualTo("This value is already used by another record."));
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(Rows - 3));
        Assert.That(await CountBatchAsync("S"), Is.EqualTo(Rows - 3));

        var page = await QueryAsync(_client, App, "item", new { filter = new { field = "code", op = "in", value = new[] { "S-10", $"S-{Rows + 1}" } } });
        var items = page["items"]!.AsArray();
        Assert.That(items.Select(i => (i!["code"]!.GetValue<string>(), i["qty"]!.GetValue<long>())),
            Is.EquivalentTo(new[] { ("S-10", 10L), ($"S-{Rows + 1}", (long)Rows + 1) }), "line 10 keeps its code; the file's last line is written");
        var last = items.Single(i => i!["code"]!.GetValue<string>() == $"S-{Rows + 1}")!;
        var (_, history) = await SendAsync(_client, HttpMethod.Get, $"/api/apps/{App}/models/item/records/{last["id"]!.GetValue<string>()}/history");
        var created = history!.AsArray().Single()!;
        Assert.That(created["kind"]!.GetValue<string>(), Is.EqualTo("created"));
        Assert.That(created["after"]!["qty"]!.GetValue<long>(), Is.EqualTo(Rows + 1));
    }
}
