using System.Diagnostics;

namespace RecordsBench;

/// <summary>The built Platform.Api started as its own process on Kestrel (<see cref="ServerProcess"/>), with a known administrator.</summary>
public static class PlatformProcess
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "bench-admin-password";

    public static Task<ServerProcess> StartAsync(string root, string provider, string connection, string dataDir)
    {
        var url = ServerProcess.FreeUrl();
        var api = Path.Combine(root, "Platform.Api");
        var info = new ProcessStartInfo("dotnet", [Path.Combine(api, "bin/Release/net10.0/Platform.Api.dll"), "--urls", url]) { WorkingDirectory = api };
        info.Environment["LOWCODE_DATA_DIR"] = dataDir;
        info.Environment["LOWCODE_DB_PROVIDER"] = provider;
        info.Environment["LOWCODE_DB"] = connection;
        info.Environment["LOWCODE_TEMPLATES_DIR"] = Path.Combine(root, "templates");
        info.Environment["LOWCODE_INSTALL_TEMPLATES"] = "";
        info.Environment["LOWCODE_ADMIN_USER"] = AdminUser;
        info.Environment["LOWCODE_ADMIN_PASSWORD"] = AdminPassword;
        return ServerProcess.StartAsync("Platform.Api", info, url, "/api/health");
    }
}
