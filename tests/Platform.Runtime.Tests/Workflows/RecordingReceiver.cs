using System.Net;

namespace Platform.Runtime.Tests.Workflows;

/// <summary>A real HTTP endpoint on loopback that records what it receives; it answers 503 to the first N requests.</summary>
public sealed class RecordingReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _failures;
    public List<string> Keys { get; } = [];
    public List<string> Bodies { get; } = [];
    public string Url { get; }

    public RecordingReceiver(int failFirst)
    {
        _failures = failFirst;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext c;
            try { c = await _listener.GetContextAsync(); } catch { return; }
            using var reader = new StreamReader(c.Request.InputStream);
            lock (Keys) { Keys.Add(c.Request.Headers["Idempotency-Key"] ?? ""); Bodies.Add(reader.ReadToEnd()); }
            if (_failures-- > 0) { c.Response.StatusCode = 503; c.Response.Close(); continue; }
            c.Response.ContentType = "application/json";
            var bytes = System.Text.Encoding.UTF8.GetBytes("""{"id":"ERP-42"}""");
            c.Response.OutputStream.Write(bytes);
            c.Response.Close();
        }
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose() => _listener.Close();
}
