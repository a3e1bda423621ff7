using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RecordsBench;

/// <summary>The built Platform.Api running as its own process on Kestrel, on a free loopback port.</summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "bench-admin-password";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PlatformProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>CPU time the platform process has used so far (a load-independent cost per request).</summary>
    public TimeSpan CpuTime { get { _process.Refresh(); return _process.TotalProcessorTime; } }

    public int Id => _process.Id;

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<PlatformProcess> StartAsync(string root, string provider, string connection, string dataDir)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var api = Path.Combine(root, "Platform.Api");
        var info = new ProcessStartInfo("dotnet", [Path.Combine(api, "bin/Release/net10.0/Platform.Api.dll"), "--urls", url])
        {
            WorkingDirectory = api, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["LOWCODE_DATA_DIR"] = dataDir;
        info.Environment["LOWCODE_DB_PROVIDER"] = provider;
        info.Environment["LOWCODE_DB"] = connection;
        info.Environment["LOWCODE_TEMPLATES_DIR"] = Path.Combine(root, "templates");
        info.Environment["LOWCODE_INSTALL_TEMPLATES"] = "";
        info.Environment["LOWCODE_ADMIN_USER"] = AdminUser;
        info.Environment["LOWCODE_ADMIN_PASSWORD"] = AdminPassword;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start Platform.Api");
        var platform = new PlatformProcess(process, url);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (platform._log) platform._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (platform._log) platform._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("Platform.Api exited early:\n" + platform.Log);
            try
            {
                if ((await http.GetAsync(url + "/api/health")).IsSuccessStatusCode) return platform;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Platform.Api did not become healthy:\n" + platform.Log);
            await Task.Delay(200);
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
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
