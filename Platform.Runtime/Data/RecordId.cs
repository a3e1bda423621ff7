namespace Platform.Runtime.Data;

/// <summary>
/// New ids for records and audit rows: UUID version 7 that also increase within one millisecond in
/// this process, so that "sorted by created time" lists records (and history) in the order they were
/// written; Guid.CreateVersion7 alone is random inside a millisecond.
/// </summary>
public static class RecordId
{
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7().TryWriteBytes(bytes, bigEndian: true, out _);
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        lock (Gate)
        {
            // Same millisecond and not above the last id: step the random tail by one (version and
            // variant bits sit above the 62 random bits, which a step never reaches in practice).
            if (value <= _last) value = _last + 1;
            _last = value;
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
