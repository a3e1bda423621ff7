using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Platform.Runtime.Workflows.Outbox;

/// <summary>Where outgoing email goes: LOWCODE_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM.</summary>
public sealed record SmtpSettings(string Host, int Port, string From, string? UserName = null, string? Password = null);

/// <summary>
/// Sends email from the outbox over SMTP (MailKit). The Message-Id is derived from the idempotency
/// key, so a message sent twice after a crash is recognisably the same message.
/// </summary>
public sealed class SmtpEmailChannel(SmtpSettings settings) : IOutboxChannel
{
    public string Channel => "email";

    public async Task<JsonObject> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var p = message.Payload;
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in p["to"] as JsonArray ?? []) mail.To.Add(MailboxAddress.Parse(to!.GetValue<string>()));
        mail.Subject = p["subject"]?.GetValue<string>() ?? "";
        mail.Body = new TextPart("plain") { Text = p["body"]?.GetValue<string>() ?? "" };
        mail.MessageId = $"{message.IdempotencyKey.Replace(':', '.')}@lowcode";
        mail.Headers.Add("X-Idempotency-Key", message.IdempotencyKey);
        try
        {
            using var client = new SmtpClient();
            client.Timeout = 30_000;
            await client.ConnectAsync(settings.Host, settings.Port, SecureSocketOptions.Auto, ct);
            if (settings.UserName is { Length: > 0 }) await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            var reply = await client.SendAsync(mail, ct);
            await client.DisconnectAsync(true, ct);
            return new JsonObject { ["status"] = 250, ["body"] = reply };
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException or TimeoutException)
        {
            throw new OutboxDeliveryException($"SMTP {settings.Host}:{settings.Port} failed: {e.Message}", e);
        }
    }
}
