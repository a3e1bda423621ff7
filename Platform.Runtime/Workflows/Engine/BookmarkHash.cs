using System.Security.Cryptography;
using System.Text;

namespace Platform.Runtime.Workflows.Engine;

/// <summary>A short stable hash of what a bookmark waits for, so lookups by signal name or response id are one index seek.</summary>
public static class BookmarkHash
{
    public static string Of(string name, string waitsFor) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + waitsFor)))[..32].ToLowerInvariant();
}
