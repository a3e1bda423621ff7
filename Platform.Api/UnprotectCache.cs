using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;

namespace Platform.Api;

/// <summary>
/// Remembers, for <see cref="MaxAge"/>, what recently presented protected payloads decrypted to, so the
/// session cookie and the two antiforgery tokens that every write sends are not decrypted and
/// authenticated again on each request (about 15 µs each). Only payloads that decrypted successfully
/// are kept, under their exact bytes and purpose, so a hit needs the very payload this server issued;
/// what the payload says is still checked as before (the ticket's expiry, the token pair, the user).
/// A revoked data-protection key stops being honoured within MaxAge. Wraps the DI's provider, which
/// cookie authentication and antiforgery take their protectors from.
/// </summary>
public sealed class UnprotectCache(IDataProtectionProvider inner) : IDataProtectionProvider
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<Key, (byte[] Plain, long At)> _entries = new();

    public IDataProtector CreateProtector(string purpose) => new Protector(this, inner.CreateProtector(purpose), purpose);

    /// <summary>Replaces the registered data-protection provider with this cache around it.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddDataProtection();
        var original = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        services.Remove(original);
        services.AddSingleton<IDataProtectionProvider>(sp => new UnprotectCache(
            original.ImplementationInstance as IDataProtectionProvider
            ?? original.ImplementationFactory?.Invoke(sp) as IDataProtectionProvider
            ?? (IDataProtectionProvider)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
    }

    private sealed class Protector(UnprotectCache cache, IDataProtector inner, string purpose) : IDataProtector
    {
        public IDataProtector CreateProtector(string child) => new Protector(cache, inner.CreateProtector(child), purpose + "\n" + child);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            var key = new Key(purpose, protectedData);
            var now = Environment.TickCount64;
            if (cache._entries.TryGetValue(key, out var hit) && now - hit.At < (long)MaxAge.TotalMilliseconds) return (byte[])hit.Plain.Clone();
            var plain = inner.Unprotect(protectedData);
            if (cache._entries.Count >= MaxEntries) cache._entries.Clear();
            cache._entries[new Key(purpose, (byte[])protectedData.Clone())] = ((byte[])plain.Clone(), now);
            return plain;
        }
    }

    /// <summary>A payload under one purpose chain, compared byte by byte.</summary>
    private sealed class Key(string purpose, byte[] data) : IEquatable<Key>
    {
        private readonly int _hash = Hash(purpose, data);

        private static int Hash(string purpose, byte[] data)
        {
            var h = new HashCode();
            h.Add(purpose);
            h.AddBytes(data);
            return h.ToHashCode();
        }

        public bool Equals(Key? other) => other is not null && other._hash == _hash && other.Purpose == Purpose && other.Data.AsSpan().SequenceEqual(Data);
        public override bool Equals(object? obj) => Equals(obj as Key);
        public override int GetHashCode() => _hash;
        private string Purpose => purpose;
        private byte[] Data => data;
    }
}
