using System.Diagnostics;

namespace RecordsBench;

/// <summary>
/// Starts <see cref="BareServer"/> as a child process of this benchmark (its own executable, with the platform's
/// runtime settings: server GC and the thread-pool option of Platform.Api.csproj) and stops it when disposed.
/// </summary>
public sealed class BareServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BareServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }
    public int Id => _process.Id;
    public TimeSpan CpuTime { get { _process.Refresh(); return _process.TotalProcessorTime; } }

    public static async Task<BareServerProcess> StartAsync(BenchTable table, string userId, string? departmentId)
    {
        var url = $"http://127.0.0.1:{PlatformProcess.FreePort()}";
        var info = new ProcessStartInfo("dotnet",
            [typeof(BareServer).Assembly.Location, BareServer.Command, table.Provider, table.ConnectionString, table.Table, userId, departmentId ?? "-", url])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["DOTNET_gcServer"] = "1"; // Platform.Api is a web project: server GC
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the bare server");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) lock (log) throw new InvalidOperationException("the bare server exited early:\n" + log);
            try
            {
                if ((await http.GetAsync(url + "/ready")).IsSuccessStatusCode) return new BareServerProcess(process, url);
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) lock (log) throw new TimeoutException("the bare server did not start:\n" + log);
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
