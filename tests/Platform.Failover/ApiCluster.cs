using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Failover;

/// <summary>
/// Three processes of the built API (Platform.Api.dll) on loopback sharing one PostgreSQL database.
/// Each node's output goes to a log file in the data folder (kept when a run fails).
/// </summary>
public sealed class ApiCluster(string apiDll, string connectionString, string dataDir, string adminPassword, int leaseSeconds) : IAsyncDisposable
{
    private readonly int[] _ports = [FreePort(), FreePort(), FreePort()];
    private readonly Process?[] _nodes = new Process?[3];

    public int Count => _ports.Length;

    public Uri Url(int node) => new($"http://127.0.0.1:{_ports[node]}");

    public async Task StartAllAsync()
    {
        Directory.CreateDirectory(dataDir);
        // The first node creates the schema and the administrator; the others start once it is ready.
        _nodes[0] = Start(0);
        await WaitHealthyAsync(0);
        _nodes[1] = Start(1);
        _nodes[2] = Start(2);
        await Task.WhenAll(WaitHealthyAsync(1), WaitHealthyAsync(2));
    }

    public async Task KillAndRestartAsync(int node)
    {
        _nodes[node]!.Kill(); // SIGKILL on Linux: no shutdown, no drain
        await _nodes[node]!.WaitForExitAsync();
        _nodes[node]!.Dispose();
        _nodes[node] = Start(node);
        await WaitHealthyAsync(node); // one node down at a time, however slowly a node starts on a loaded machine
    }

    private string LogPath(int node) => Path.Combine(dataDir, $"node{node}.log");

    private Process Start(int node)
    {
        var psi = new ProcessStartInfo("dotnet", [apiDll, "--urls", Url(node).ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(apiDll)!,
        };
        psi.Environment["LOWCODE_DB_PROVIDER"] = "postgres";
        psi.Environment["LOWCODE_DB"] = connectionString;
        psi.Environment["LOWCODE_DATA_DIR"] = dataDir;
        psi.Environment["LOWCODE_ADMIN_USER"] = "admin";
        psi.Environment["LOWCODE_ADMIN_PASSWORD"] = adminPassword;
        psi.Environment["LOWCODE_INSTALL_TEMPLATES"] = "";
        psi.Environment["LOWCODE_WORKFLOW_LEASE_SECONDS"] = leaseSeconds.ToString();
        psi.Environment["LOWCODE_WORKFLOW_HTTP_ALLOW"] = "loopback"; // the receiver listens on loopback
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Error";
        var p = Process.Start(psi)!;
        var log = TextWriter.Synchronized(new StreamWriter(LogPath(node), append: true) { AutoFlush = true });
        log.WriteLine($"--- started pid {p.Id} at {DateTime.UtcNow:O}");
        p.OutputDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private async Task WaitHealthyAsync(int node)
    {
        using var http = new HttpClient();
        for (var t = 0; t < 1200; t++)
        {
            try { if ((await http.GetAsync(new Uri(Url(node), "/api/health"))).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"node {node} did not become healthy; its log: {LogPath(node)}");
    }

    /// <summary>Stops every node (SIGKILL: nothing runs after the scenario).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var p in _nodes)
        {
            if (p is null) continue;
            try { p.Kill(); await p.WaitForExitAsync(); } catch (InvalidOperationException) { }
            p.Dispose();
        }
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
