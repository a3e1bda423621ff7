using System.Collections.Concurrent;
using System.Net;

namespace Platform.Failover;

/// <summary>The outside system: counts deliveries per idempotency key and answers a little slowly, so kills catch sends in flight.</summary>
public sealed class SideEffectReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    public ConcurrentDictionary<string, int> Received { get; } = new();
    public string Url { get; }

    public SideEffectReceiver()
    {
        Url = $"http://127.0.0.1:{ApiCluster.FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                _ = Task.Run(async () =>
                {
                    Received.AddOrUpdate(ctx.Request.Headers["Idempotency-Key"] ?? "(none)", 1, (_, n) => n + 1);
                    await Task.Delay(20);
                    ctx.Response.StatusCode = 200;
                    ctx.Response.Close();
                });
            }
        });
    }

    public void Dispose() => _listener.Close();
}
