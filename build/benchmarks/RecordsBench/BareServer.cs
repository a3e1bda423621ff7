using System.Text.Json.Nodes;

namespace RecordsBench;

/// <summary>
/// The creates baseline: a bare minimal endpoint on Kestrel that reads the same JSON body and does the same two
/// inserts (record + audit row) through <see cref="BenchTable"/>. It runs in a process of its own
/// (<see cref="BareServerProcess"/>), like the platform, so both sides pay the same process switches and their
/// CPU is measured the same way.
/// </summary>
public static class BareServer
{
    public const string Command = "bare-server";

    /// <summary>The child process's entry: bare-server provider connection table userId departmentId|- url. Runs until stdin closes.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (provider, connection, tableName, userId, departmentId, url) = (args[1], args[2], args[3], args[4], args[5] == "-" ? null : args[5], args[6]);
        var table = new BenchTable(provider, connection, tableName);
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
        app.MapGet("/ready", () => "ready");
        await app.StartAsync();
        // The parent kills this process when done; a closed stdin (the parent gone) ends it too.
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}
