using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Api.Tests;

public class HealthTests
{
    [Test]
    public async Task Health_is_200_when_the_database_answers()
    {
        await using var factory = new PlatformFactory();
        var response = await factory.CreateClient().GetAsync("/api/health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("database").GetString(), Is.EqualTo("sqlite"));
    }

    [Test]
    public async Task Health_is_503_while_the_database_cannot_be_reached()
    {
        await using var factory = new PlatformFactory(settings: new Dictionary<string, string?>
        {
            ["LOWCODE_DB_PROVIDER"] = "postgres",
            ["LOWCODE_DB"] = "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=1",
        });
        var response = await factory.CreateClient().GetAsync("/api/health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
