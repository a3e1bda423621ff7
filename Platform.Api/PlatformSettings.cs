namespace Platform.Api;

/// <summary>
/// Start-up settings, read from configuration (LOWCODE_* environment variables or appsettings):
/// which database, where data and templates live, which templates to install on first start.
/// </summary>
public sealed record PlatformSettings(
    string DatabaseProvider,
    string DatabaseConnection,
    string DataDirectory,
    string TemplatesDirectory,
    string[] InstallTemplates,
    string? AdminUser,
    string? AdminPassword)
{
    public static PlatformSettings From(IConfiguration config, string contentRoot)
    {
        var dataDir = Path.GetFullPath(config["LOWCODE_DATA_DIR"] ?? Path.Combine(contentRoot, "..", "data"));
        var provider = config["LOWCODE_DB_PROVIDER"] ?? "sqlite";
        var connection = config["LOWCODE_DB"] ?? "";
        if (provider == "sqlite" && connection.Length == 0)
            connection = Path.Combine(dataDir, "lowcode.db");
        return new PlatformSettings(
            provider,
            connection,
            dataDir,
            Path.GetFullPath(config["LOWCODE_TEMPLATES_DIR"] ?? FindTemplates(contentRoot)),
            (config["LOWCODE_INSTALL_TEMPLATES"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            config["LOWCODE_ADMIN_USER"],
            config["LOWCODE_ADMIN_PASSWORD"]);
    }

    // Templates ship beside the app in a published build and at the repository root in a checkout.
    private static string FindTemplates(string contentRoot)
    {
        foreach (var candidate in new[] { Path.Combine(contentRoot, "templates"), Path.Combine(contentRoot, "..", "templates"), Path.Combine(AppContext.BaseDirectory, "templates") })
            if (Directory.Exists(candidate)) return candidate;
        return Path.Combine(contentRoot, "..", "templates");
    }
}
