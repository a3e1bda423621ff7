using System.Diagnostics;
using Npgsql;
using Platform.Runtime.Data;

namespace Platform.Tests;

/// <summary>
/// The real databases the behavioural tests run against: SQLite always, PostgreSQL always (a private
/// server on loopback, started by build/postgres when LOWCODE_TEST_POSTGRES is not set), SQL Server
/// whenever LOWCODE_TEST_SQLSERVER holds a connection string.
/// </summary>
public static class TestDatabases
{
    private static readonly Lazy<string> PostgresServer = new(StartPostgres);

    /// <summary>Provider names for [TestFixtureSource]: each fixture gets a fresh database of that kind.</summary>
    public static IEnumerable<string> Providers()
    {
        yield return "sqlite";
        yield return "postgres";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LOWCODE_TEST_SQLSERVER"))) yield return "sqlserver";
    }

    /// <summary>A new, empty database of the given kind.</summary>
    public static Database Create(string provider) => provider switch
    {
        "sqlite" => Database.Sqlite(Path.Combine(Path.GetTempPath(), "lowcode-tests", $"{Guid.NewGuid():N}.db")),
        "postgres" => Database.Create("postgres", NewPostgresDatabase()),
        "sqlserver" => Database.Create("sqlserver", NewSqlServerDatabase()),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>Connection string of a new PostgreSQL database on the test server.</summary>
    public static string NewPostgresDatabase()
    {
        var admin = new NpgsqlConnectionStringBuilder(PostgresServer.Value);
        var name = "lc_" + Guid.NewGuid().ToString("N")[..16];
        using (var c = new NpgsqlConnection(admin.ConnectionString))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        admin.Database = name;
        return admin.ConnectionString;
    }

    private static string NewSqlServerDatabase()
    {
        var cs = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(Environment.GetEnvironmentVariable("LOWCODE_TEST_SQLSERVER"));
        var name = "lc_" + Guid.NewGuid().ToString("N")[..16];
        using (var c = new Microsoft.Data.SqlClient.SqlConnection(cs.ConnectionString))
        {
            c.Open();
            using var cmd = new Microsoft.Data.SqlClient.SqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        cs.InitialCatalog = name;
        return cs.ConnectionString;
    }

    private static string StartPostgres()
    {
        var given = Environment.GetEnvironmentVariable("LOWCODE_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(given)) return given;
        var script = Path.Combine(RepositoryRoot(), "build", "postgres");
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"build/postgres failed: {error}");
        return output.Trim().Split('\n').Last();
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LowCode.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LowCode.sln not found above the test binaries.");
    }
}
