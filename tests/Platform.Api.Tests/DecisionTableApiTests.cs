using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Api.Tests;

public class DecisionTableApiTests
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;

    private static JsonObject Routing(string expectedGroup) => (JsonObject)JsonNode.Parse($$"""
    { "key": "lead-routing", "name": "线索分配", "hitPolicy": "first",
      "inputs": [ { "key": "score", "type": "number" }, { "key": "industry", "type": "text" }, { "key": "budget", "type": "number" } ],
      "outputs": [ { "key": "group", "type": "text" } ],
      "rules": [ { "when": { "score": ">= 30" }, "then": { "group": "senior" }, "note": "高分线索" },
                 { "when": { "industry": "\"新能源\"", "budget": "> 1000000" }, "then": { "group": "A" } },
                 { "when": {}, "then": { "group": "B" } } ],
      "examples": [ { "name": "高分", "inputs": { "score": 35, "industry": "制造", "budget": 0 }, "expected": { "group": "{{expectedGroup}}" } } ] }
    """)!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory();
        _client = await _factory.SignedInClientAsync();
        var import = await _client.PostAsJsonAsync("/api/apps/import", new JsonObject { ["key"] = "crm", ["name"] = "CRM", ["decisionTables"] = new JsonArray(Routing("senior")) });
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), await import.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    [Test]
    public async Task Importing_a_package_whose_table_example_fails_is_refused_naming_table_and_example()
    {
        var response = await _client.PostAsJsonAsync("/api/apps/import", new JsonObject { ["key"] = "crm-bad", ["name"] = "Bad", ["decisionTables"] = new JsonArray(Routing("A")) });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("decisionTables.lead-routing.examples[0]")[0].GetString(),
            Does.Contain("Example 1 \"高分\" of decision table 'lead-routing' fails: group = \"A\" expected, got \"senior\""));
        Assert.That((await _client.GetAsync("/api/apps/crm-bad/export")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was installed");
    }

    [Test]
    public async Task Saving_a_table_with_a_failing_example_is_refused_and_the_old_table_stays()
    {
        var response = await _client.PutAsJsonAsync("/api/apps/crm/decision-tables/lead-routing", Routing("B"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var tables = await _client.GetFromJsonAsync<JsonArray>("/api/apps/crm/decision-tables");
        Assert.That(tables![0]!["examples"]![0]!["expected"]!["group"]!.GetValue<string>(), Is.EqualTo("senior"));
    }

    [Test]
    public async Task The_designer_evaluates_a_table_and_sees_the_matched_row_and_why()
    {
        var response = await _client.PostAsJsonAsync("/api/apps/crm/decision-tables/evaluate",
            new { table = "lead-routing", inputs = new { score = 10, industry = "新能源", budget = 2_000_000 } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(result.GetProperty("outputs").GetProperty("group").GetString(), Is.EqualTo("A"));
        Assert.That(result.GetProperty("rows")[0].GetProperty("row").GetInt32(), Is.EqualTo(2));
        Assert.That(result.GetProperty("explanation").GetString(), Does.Contain("budget > 1000000 ← 2000000"));
    }

    [Test]
    public async Task A_workflow_decides_with_a_package_table_and_its_journal_names_the_row()
    {
        var put = await _client.PutAsync("/api/apps/crm/workflows/route", new StringContent("""
        { "key": "route", "name": "Route", "trigger": { "type": "manual" },
          "activities": [ { "id": "decide", "type": "decisionTable", "properties": { "table": "lead-routing", "variable": "routing",
                              "inputs": { "score": { "expr": "vars.score" }, "industry": "制造", "budget": 0 } } },
                          { "id": "none", "type": "end" } ],
          "connections": [ { "source": "decide", "outcome": "NoMatch", "target": "none" } ] }
        """, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var publish = await _client.PostAsync("/api/apps/crm/workflows/route/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
        var run = await _client.PostAsJsonAsync("/api/apps/crm/workflows/route/run", new { inputs = new { score = 42 } });
        var id = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString();
        JsonElement detail = default;
        for (var i = 0; i < 600; i++)
        {
            var r = await _client.GetAsync($"/api/apps/crm/workflows/route/instances/{id}");
            if (r.StatusCode == HttpStatusCode.OK && (detail = await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").GetProperty("status").GetString() == "completed") break;
            await Task.Delay(50);
        }
        Assert.That(detail.GetProperty("variables").GetProperty("routing").GetProperty("group").GetString(), Is.EqualTo("senior"));
        var journal = detail.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("message").GetString()).ToList();
        Assert.That(journal, Has.Some.Contains("→ Matched: table 'lead-routing' (first) matched row 1 \"高分线索\" (score >= 30 ← 42)"));
    }

    [Test]
    public async Task Publishing_a_workflow_with_an_inline_table_whose_example_fails_is_refused()
    {
        var table = Routing("B");
        table["key"] = "inline-routing";
        var workflow = new JsonObject
        {
            ["key"] = "inline", ["name"] = "Inline", ["trigger"] = new JsonObject { ["type"] = "manual" },
            ["activities"] = new JsonArray(new JsonObject { ["id"] = "decide", ["type"] = "decisionTable", ["properties"] = new JsonObject { ["table"] = table } }),
        };
        (await _client.PutAsJsonAsync("/api/apps/crm/workflows/inline", workflow)).EnsureSuccessStatusCode();
        var publish = await _client.PostAsync("/api/apps/crm/workflows/inline/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await publish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("activities.decide")[0].GetString(),
            Does.Contain("decision table 'inline-routing' fails: group = \"B\" expected, got \"senior\""));
    }

    [Test]
    public async Task Publishing_a_workflow_whose_step_names_a_table_the_app_lacks_is_refused_naming_the_step()
    {
        var workflow = new JsonObject
        {
            ["key"] = "missing-table", ["name"] = "Missing", ["trigger"] = new JsonObject { ["type"] = "manual" },
            ["activities"] = new JsonArray(new JsonObject { ["id"] = "decide", ["type"] = "decisionTable", ["properties"] = new JsonObject { ["table"] = "lead-scoring" } }),
        };
        (await _client.PutAsJsonAsync("/api/apps/crm/workflows/missing-table", workflow)).EnsureSuccessStatusCode();
        var publish = await _client.PostAsync("/api/apps/crm/workflows/missing-table/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await publish.Content.ReadAsStringAsync());
        var problem = await publish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("activities.decide")[0].GetString(),
            Is.EqualTo("Activity 'decide' uses decision table 'lead-scoring', which this app does not have (it has: lead-routing)."));
        var latest = await _client.GetFromJsonAsync<JsonElement>("/api/apps/crm/workflows/missing-table");
        Assert.That(latest.GetProperty("status").GetString(), Is.EqualTo("draft"), "nothing was published");

        // The same step naming a table the app has is published.
        workflow["activities"]![0]!["properties"]!["table"] = "lead-routing";
        (await _client.PutAsJsonAsync("/api/apps/crm/workflows/missing-table", workflow)).EnsureSuccessStatusCode();
        var again = await _client.PostAsync("/api/apps/crm/workflows/missing-table/publish", null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), await again.Content.ReadAsStringAsync());
    }
}
