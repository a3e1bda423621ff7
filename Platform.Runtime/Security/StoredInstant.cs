using System.Globalization;

namespace Platform.Runtime.Security;

/// <summary>Reads a stored UTC instant whatever the driver hands back (SQLite text, PostgreSQL DateTime, SQL Server DateTimeOffset).</summary>
internal static class StoredInstant
{
    public static DateTimeOffset From(object value) => value switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Unexpected timestamp {value.GetType()}"),
    };

    public static DateTimeOffset? FromNullable(object? value) => value is null or DBNull ? null : From(value);
}
