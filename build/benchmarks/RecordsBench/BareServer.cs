using System.Text.Json.Nodes;

namespace RecordsBench;

/// <summary>
/// The creates baseline: a bare minimal endpoint on Kestrel (in this process) that reads the same
/// JSON body and does the same two inserts (record + audit row) through <see cref="BenchTable"/>.
/// </summary>
public sealed class BareServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<BareServer> StartAsync(BenchTable table, string userId, string? departmentId)
    {
        var url = $"http://127.0.0.1:{PlatformProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapPost("/raw/deals", async (HttpRequest request) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
            var now = DateTimeOffset.UtcNow;
            var row = new DealRow(Guid.CreateVersion7().ToString(), userId, departmentId, userId, now, body["title"]!.GetValue<string>(),
                body["stage"]!.GetValue<string>(), body["amount"]!.GetValue<decimal>(), DateOnly.Parse(body["closed_on"]!.GetValue<string>()));
            await table.InsertOneAsync(row, "rep1");
            return Results.Json(row.ToAuditJson(), statusCode: 201);
        });
        await app.StartAsync();
        return new BareServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
