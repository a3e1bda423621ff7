using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Api.Tests.Access;

/// <summary>Publishing and running manual workflows through the API, and waiting until an instance rests.</summary>
public static class WorkflowRuns
{
    public static async Task PublishAsync(HttpClient admin, string app, string json)
    {
        var key = JsonNode.Parse(json)!["key"]!.GetValue<string>();
        var put = await admin.PutAsync($"/api/apps/{app}/workflows/{key}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var publish = await admin.PostAsync($"/api/apps/{app}/workflows/{key}/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
    }

    /// <summary>Runs the workflow as the client's user and returns the instance once it rests (completed, faulted or suspended).</summary>
    public static async Task<JsonElement> RunAndSettleAsync(HttpClient client, HttpClient admin, string app, string key, string? recordId = null)
    {
        var run = await client.PostAsJsonAsync($"/api/apps/{app}/workflows/{key}/run", new { recordId });
        Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await run.Content.ReadAsStringAsync());
        var id = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        for (var i = 0; ; i++)
        {
            var response = await admin.GetAsync($"/api/apps/{app}/workflows/{key}/instances/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound && i < 400) { await Task.Delay(50); continue; }
            var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (detail.GetProperty("instance").GetProperty("status").GetString() is "completed" or "faulted" or "suspended" || i > 400) return detail;
            await Task.Delay(50);
        }
    }

    public static string Status(JsonElement detail) => detail.GetProperty("instance").GetProperty("status").GetString()!;

    public static string Incident(JsonElement detail) =>
        detail.GetProperty("incidents").EnumerateArray().Select(x => x.GetProperty("error").GetString()).LastOrDefault() ?? "";
}
