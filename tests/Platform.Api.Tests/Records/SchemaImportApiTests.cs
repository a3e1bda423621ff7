using System.Net;
using System.Text.Json.Nodes;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class SchemaImportApiTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _client = await _factory.SignedInClientAsync();
        await ImportAsync(_client, "schema-app");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task An_outside_schema_becomes_a_model_whose_records_are_validated_the_same_way()
    {
        var (status, result) = await SendAsync(_client, HttpMethod.Post, "/api/apps/schema-app/models/import-schema", JsonNode.Parse("""
            { "key": "lead", "name": "线索", "schema": { "type": "object", "additionalProperties": false, "required": ["company"],
              "properties": { "company": { "type": "string", "minLength": 1, "maxLength": 20 }, "budget": { "type": "integer", "minimum": 0 },
                              "source": { "type": "string", "enum": ["web", "展会"] } } } }
            """)!);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), result?.ToJsonString());
        await CreateAsync(_client, "schema-app", "lead", new { company = "比亚迪", budget = 100, source = "展会" });
        var (bad, problem) = await SendAsync(_client, HttpMethod.Post, "/api/apps/schema-app/models/lead/records", new { budget = 1.5, source = "tv" });
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Is.EquivalentTo(new[] { "company", "budget", "source" }));
    }

    [Test]
    public async Task A_hostile_schema_is_refused_naming_each_keyword_and_no_model_is_created()
    {
        var (status, problem) = await SendAsync(_client, HttpMethod.Post, "/api/apps/schema-app/models/import-schema", JsonNode.Parse("""
            { "key": "evil", "name": "evil", "schema": { "type": "object", "additionalProperties": false,
              "properties": { "a": { "type": "string", "const": "x" }, "b": { "$ref": "http://127.0.0.1:1/x.json" }, "c": { "type": "integr" } } } }
            """)!);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem).Select(e => e.Key), Is.SupersetOf(new[] { "schema/properties/a/const", "schema/properties/b/$ref", "schema/properties/c/type" }));
        (status, _) = await SendAsync(_client, HttpMethod.Get, "/api/apps/schema-app/models/evil");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
