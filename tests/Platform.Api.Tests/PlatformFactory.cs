using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>
/// The real API over real HTTP semantics (WebApplicationFactory) on a database of the given kind,
/// with a known administrator. Settings go in as configuration, as LOWCODE_* variables would.
/// </summary>
public sealed class PlatformFactory(string provider = "sqlite", IDictionary<string, string?>? settings = null,
    Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "test-admin-password";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "lowcode-api-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var config = new Dictionary<string, string?>
        {
            ["LOWCODE_DATA_DIR"] = DataDirectory,
            ["LOWCODE_ADMIN_USER"] = AdminUser,
            ["LOWCODE_ADMIN_PASSWORD"] = AdminPassword,
            ["LOWCODE_TEMPLATES_DIR"] = Path.Combine(TestDatabases.RepositoryRoot(), "templates"),
        };
        if (provider == "postgres")
        {
            config["LOWCODE_DB_PROVIDER"] = "postgres";
            config["LOWCODE_DB"] = TestDatabases.NewPostgresDatabase();
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) config[k] = v;
        foreach (var (k, v) in config) builder.UseSetting(k, v);
        if (services is not null) builder.ConfigureServices(services);
    }

    /// <summary>
    /// A client that keeps cookies, signed in as the administrator (or the given user), and sends
    /// the session's antiforgery token (X-XSRF-TOKEN) with every request, as the designer does.
    /// </summary>
    public async Task<HttpClient> SignedInClientAsync(string user = AdminUser, string password = AdminPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password });
        response.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Add("X-XSRF-TOKEN", response.Headers.GetValues("X-XSRF-TOKEN").Single());
        return client;
    }

    /// <summary>A client that authenticates with a bearer API token and keeps no cookies.</summary>
    public HttpClient TokenClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
