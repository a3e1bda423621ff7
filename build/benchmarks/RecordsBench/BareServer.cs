using System.Text.Json.Nodes;

namespace RecordsBench;

/// <summary>
/// The HTTP baseline: bare minimal endpoints on Kestrel doing by hand what the platform's do, through <see cref="BenchTable"/>:
/// a create reads the same JSON body and does the same two inserts (record + audit row); the page and the count run the
/// same queries (optionally for a list of departments) and answer their rows as JSON. It runs in a process of its own
/// (<see cref="StartProcessAsync"/>), like the platform, so both sides pay the same process switches and their
/// CPU is measured the same way.
/// </summary>
public static class BareServer
{
    public const string Command = "bare-server";

    /// <summary>
    /// Starts this benchmark's executable again as the bare server, with the platform's runtime settings: server GC here,
    /// the thread-pool option of Platform.Api.csproj from RecordsBench.csproj.
    /// </summary>
    public static Task<ServerProcess> StartProcessAsync(BenchTable table, string userId, string? departmentId)
    {
        var url = ServerProcess.FreeUrl();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet",
            [typeof(BareServer).Assembly.Location, Command, table.Provider, table.ConnectionString, table.Table, userId, departmentId ?? "-", url]);
        info.Environment["DOTNET_gcServer"] = "1"; // Platform.Api is a web project: server GC
        return ServerProcess.StartAsync("the bare server", info, url, "/ready");
    }

    private static async Task<List<string>?> Departments(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body))?["departments"] is JsonArray list ? list.Select(d => d!.GetValue<string>()).ToList() : null;

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
        // {departments?: [...]} → {items: rows}
        app.MapPost("/raw/page", async (HttpRequest request) => Results.Json(new { items = await table.PageRowsAsync(await Departments(request)) }));
        app.MapPost("/raw/count", async (HttpRequest request) => Results.Json(new { rows = await table.CountByStageRowsAsync(await Departments(request)) }));
        app.MapGet("/ready", () => "ready");
        await app.StartAsync();
        // The parent kills this process when done; a closed stdin (the parent gone) ends it too.
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}
