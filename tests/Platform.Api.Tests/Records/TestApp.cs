using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Api.Tests.Records;

/// <summary>A small CRM app package used by the record tests, and helpers to talk to its records API.</summary>
public static class TestApp
{
    public static JsonObject Package(string key = "crm-test") => (JsonObject)JsonNode.Parse($$"""
    {
      "key": "{{key}}", "name": "CRM test",
      "models": [
        { "key": "account", "name": "客户", "displayField": "name", "fields": [
          { "key": "name", "type": "text", "label": "名称", "required": true, "unique": true, "maxLength": 50 },
          { "key": "sector", "type": "singleSelect", "options": [ { "value": "新能源" }, { "value": "制造" }, { "value": "医疗" } ] },
          { "key": "revenue", "type": "decimal", "min": 0, "currency": "CNY" },
          { "key": "founded", "type": "date" },
          { "key": "website", "type": "url" },
          { "key": "tags", "type": "multiSelect", "options": [ { "value": "a" }, { "value": "b" }, { "value": "c" } ] },
          { "key": "deals", "type": "relation", "relation": { "kind": "oneToMany", "model": "deal", "field": "account" } },
          { "key": "deal_total", "type": "rollup", "rollup": { "relation": "deals", "field": "amount", "op": "sum" } },
          { "key": "deal_count", "type": "rollup", "rollup": { "relation": "deals", "op": "count" } }
        ] },
        { "key": "deal", "name": "商机", "fields": [
          { "id": "f-title", "key": "title", "type": "text", "required": true, "maxLength": 5 },
          { "key": "amount", "type": "decimal", "min": 0 },
          { "key": "stage", "type": "singleSelect", "default": "线索", "options": [ { "value": "线索" }, { "value": "需求确认" }, { "value": "方案确认" }, { "value": "赢单" } ] },
          { "key": "account", "type": "relation", "relation": { "kind": "manyToOne", "model": "account" } },
          { "key": "partners", "type": "relation", "relation": { "kind": "manyToMany", "model": "account" } },
          { "key": "closed_at", "type": "datetime" },
          { "key": "code", "type": "autoNumber", "autoNumber": { "pattern": "HT-{yyyyMM}-{0000}" } },
          { "key": "lines", "type": "subTable", "subTable": { "fields": [
            { "key": "product", "type": "text", "required": true },
            { "key": "qty", "type": "number", "integer": true, "min": 1 },
            { "key": "price", "type": "decimal" } ] } },
          { "key": "email", "type": "email" },
          { "key": "phone", "type": "phone" },
          { "key": "rating", "type": "rating" },
          { "key": "probability", "type": "percent", "min": 0, "max": 100 },
          { "key": "won", "type": "boolean" },
          { "key": "notes", "type": "longText" },
          { "key": "score", "type": "number" },
          { "key": "files", "type": "attachment" },
          { "key": "owner_user", "type": "user" },
          { "key": "double_amount", "type": "formula", "formula": { "expression": "amount * 2", "resultType": "decimal" } }
        ] }
      ]
    }
    """)!;

    public static async Task ImportAsync(HttpClient client, string key = "crm-test")
    {
        var response = await client.PostAsJsonAsync("/api/apps/import", Package(key));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    public static StringContent Json(object body) => new(body is JsonNode n ? n.ToJsonString() : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = Json(body);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonObject> CreateAsync(HttpClient client, string app, string model, object body)
    {
        var (status, json) = await SendAsync(client, HttpMethod.Post, $"/api/apps/{app}/models/{model}/records", body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), json?.ToJsonString());
        return (JsonObject)json!;
    }

    public static async Task<JsonObject> QueryAsync(HttpClient client, string app, string model, object body)
    {
        var (status, json) = await SendAsync(client, HttpMethod.Post, $"/api/apps/{app}/models/{model}/records/query", body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), json?.ToJsonString());
        return (JsonObject)json!;
    }

    public static async Task<long> CountAsync(HttpClient client, string app, string model) =>
        (await QueryAsync(client, app, model, new { total = true, page = new { size = 1 } }))["total"]!.GetValue<long>();

    public static JsonObject Errors(JsonNode? problem) => (JsonObject)problem!["errors"]!;

    /// <summary>Uploads a CSV file to the model's import with the given options: status and the report (or problem).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Body)> ImportCsvAsync(HttpClient client, string app, string model, string csv, object options)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", $"{model}.csv");
        form.Add(new StringContent(JsonSerializer.Serialize(options), Encoding.UTF8), "options");
        var response = await client.PostAsync($"/api/apps/{app}/models/{model}/records/import", form);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
