using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.Runtime.Tests.Workflows;

/// <summary>A minimal SMTP server on loopback that accepts every message and keeps its raw text.</summary>
public sealed class SmtpReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    public List<string> Messages { get; } = [];
    public int Port { get; }

    public SmtpReceiver()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(); } catch { return; }
            using (client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 test ESMTP");
                while (await reader.ReadLineAsync() is { } line)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    if (verb is "EHLO" or "HELO") await writer.WriteLineAsync("250 test");
                    else if (verb == "DATA")
                    {
                        await writer.WriteLineAsync("354 go ahead");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } l && l != ".") data.AppendLine(l);
                        lock (Messages) Messages.Add(data.ToString());
                        await writer.WriteLineAsync("250 queued");
                    }
                    else if (verb == "QUIT") { await writer.WriteLineAsync("221 bye"); break; }
                    else await writer.WriteLineAsync("250 ok");
                }
            }
        }
    }

    public void Dispose() => _listener.Stop();
}
