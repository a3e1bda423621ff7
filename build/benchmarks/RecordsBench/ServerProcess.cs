using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RecordsBench;

/// <summary>
/// A server the benchmark runs as a process of its own on a loopback port (the platform, the bare baseline): ready once
/// its ready path answers, with its output kept as a log and its CPU time readable; killed when disposed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Id => _process.Id;

    /// <summary>CPU time the process has used so far (a load-independent cost per request).</summary>
    public TimeSpan CpuTime { get { _process.Refresh(); return _process.TotalProcessorTime; } }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<ServerProcess> StartAsync(string name, ProcessStartInfo info, string url, string readyPath)
    {
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        var server = new ServerProcess(process, url);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited early:\n" + server.Log);
            try
            {
                if ((await http.GetAsync(url + readyPath)).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} did not become ready:\n" + server.Log);
            await Task.Delay(100);
        }
    }

    public static string FreeUrl()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return $"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}";
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
