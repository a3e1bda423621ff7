using System.Net;
using System.Net.Sockets;

namespace Platform.Runtime.Workflows.Outbox;

/// <summary>
/// Keeps workflow HTTP requests (http activity, robot webhooks) away from the platform's own network
/// (server-side request forgery): loopback, private, link-local (cloud metadata at 169.254.169.254),
/// carrier-grade NAT, unspecified and multicast addresses are refused unless the allow-list permits
/// them. The allow-list (setting LOWCODE_WORKFLOW_HTTP_ALLOW) is a comma-separated list of
/// "loopback", "private", CIDR ranges ("10.1.0.0/16") and host names. Checked when the step runs
/// (literal addresses) and again on the address actually connected to (names, DNS rebinding).
/// </summary>
public sealed class OutboundAddressGuard
{
    public const string Setting = "LOWCODE_WORKFLOW_HTTP_ALLOW";
    private readonly List<(IPAddress Network, int Bits)> _ranges = [];
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);

    private static readonly (IPAddress, int)[] Loopback = [(IPAddress.Parse("127.0.0.0"), 8), (IPAddress.IPv6Loopback, 128)];
    private static readonly (IPAddress, int)[] Private =
    [
        (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("172.16.0.0"), 12), (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("fc00::"), 7),
    ];
    private static readonly (IPAddress, int)[] Blocked =
    [
        .. Loopback, .. Private,
        (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("fe80::"), 10), // link-local, cloud metadata
        (IPAddress.Parse("100.64.0.0"), 10), (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4), (IPAddress.IPv6None, 128), (IPAddress.Parse("ff00::"), 8),
    ];

    public OutboundAddressGuard(string? allow)
    {
        foreach (var raw in (allow ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Equals("loopback", StringComparison.OrdinalIgnoreCase)) { _ranges.AddRange(Loopback); _hosts.Add("localhost"); }
            else if (raw.Equals("private", StringComparison.OrdinalIgnoreCase)) _ranges.AddRange(Private);
            else if (raw.Contains('/') && IPAddress.TryParse(raw[..raw.IndexOf('/')], out var network) && int.TryParse(raw[(raw.IndexOf('/') + 1)..], out var bits))
                _ranges.Add((network, bits));
            else if (IPAddress.TryParse(raw, out var single)) _ranges.Add((single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else _hosts.Add(raw);
        }
    }

    /// <summary>Why a request to this address is refused, or null when it may go.</summary>
    public string? Refusal(IPAddress address, string host)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (_hosts.Contains(host) || _ranges.Any(r => InRange(address, r.Network, r.Bits))) return null;
        if (!Blocked.Any(r => InRange(address, r.Item1, r.Item2))) return null;
        return $"Requests to {host} ({address}) are refused: it is a loopback, private or link-local address of the platform's own network. " +
               $"An administrator can allow it with the setting {Setting}.";
    }

    /// <summary>The refusal for a URL whose host is a literal address or "localhost" (names are checked when connecting).</summary>
    public string? Refusal(Uri uri)
    {
        if (_hosts.Contains(uri.IdnHost)) return null;
        if (uri.IsLoopback && !IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out _)) return Refusal(IPAddress.Loopback, uri.IdnHost);
        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) ? Refusal(address, uri.IdnHost) : null;
    }

    /// <summary>Connects only to allowed addresses of the host (SocketsHttpHandler.ConnectCallback).</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        string? refusal = null;
        foreach (var address in addresses)
        {
            if ((refusal = Refusal(address, host)) is not null) continue;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new OutboundRefusedException(refusal ?? $"{host} has no address.");
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        if (network.IsIPv4MappedToIPv6) network = network.MapToIPv4();
        if (address.AddressFamily != network.AddressFamily) return false;
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }
}

/// <summary>The guard refused the address: not worth retrying.</summary>
public sealed class OutboundRefusedException(string message) : IOException(message);
