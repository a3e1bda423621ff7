using System.Security.Cryptography;

namespace Platform.Runtime.Security;

/// <summary>
/// Creates the first administrator on an empty platform: from configured credentials, or with a
/// generated password that is shown once. There is never a fixed default password.
/// </summary>
public static class AdminBootstrap
{
    public sealed record Result(bool Created, string? UserName, string? GeneratedPassword);

    public static async Task<Result> EnsureAsync(UserStore users, string? userName, string? password, CancellationToken ct = default)
    {
        if (await users.CountAsync(ct) > 0) return new Result(false, null, null);
        var name = string.IsNullOrWhiteSpace(userName) ? "admin" : userName.Trim();
        var generated = string.IsNullOrEmpty(password) ? GeneratePassword() : null;
        await users.CreateAsync(name, "Administrator", password is { Length: > 0 } ? password : generated!, isAdmin: true, ct);
        return new Result(true, name, generated);
    }

    private static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
