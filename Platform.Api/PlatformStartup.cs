using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Api;

/// <summary>
/// Prepares the database on start: tables, first administrator, templates to install. When the
/// database is not reachable yet the node still starts, answers 503 on health and keeps trying.
/// </summary>
public sealed class PlatformStartup(Database db, UserStore users, AppStore apps, TemplateCatalog templates,
    PlatformSettings settings, Platform.Runtime.Workflows.WorkflowRuntime workflows, ILogger<PlatformStartup> log) : IHostedService
{
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _ready;

    public bool Ready => _ready;

    public async Task StartAsync(CancellationToken ct)
    {
        if (await TryPrepareAsync(ct)) return;
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && !await TryPrepareAsync(_stop.Token))
                await Task.Delay(TimeSpan.FromSeconds(2), _stop.Token).ContinueWith(_ => { });
        });
    }

    public Task StopAsync(CancellationToken ct)
    {
        _stop.Cancel();
        return Task.CompletedTask;
    }

    private async Task<bool> TryPrepareAsync(CancellationToken ct)
    {
        try
        {
            await SystemSchema.EnsureAsync(db, ct);
            var admin = await AdminBootstrap.EnsureAsync(users, settings.AdminUser, settings.AdminPassword, ct);
            if (admin.GeneratedPassword is not null)
                // Printed once, on the console only: the operator needs it for the first sign-in.
                Console.WriteLine($"""

                    ==== LowCode first start ====
                    Administrator user: {admin.UserName}
                    Generated password: {admin.GeneratedPassword}
                    (shown only this once; set LOWCODE_ADMIN_PASSWORD to choose it yourself)
                    =============================

                    """);
            foreach (var key in settings.InstallTemplates)
            {
                if (await apps.ExistsAsync(key, ct)) continue;
                var package = templates.Load(key) ?? throw new InvalidOperationException($"Template '{key}' not found under {templates.Root}.");
                await apps.ImportAsync(package, key, ct);
                await workflows.Publisher.InstallFromPackageAsync(key, package, ct: ct);
                log.LogInformation("Installed template {Template}", key);
            }
            _ready = true;
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidOperationException)
        {
            log.LogWarning("Database not ready ({Provider}): {Message}", db.Dialect.Name, e.Message);
            return false;
        }
    }
}
