using Dapper;
using Platform.Runtime.Models;

namespace Platform.Runtime.Data;

/// <summary>
/// Counters behind auto-number fields, one per table, field and rendered prefix. The increment is a
/// single atomic upsert inside the record's transaction, so two writers never get the same number
/// and a rolled-back create gives its number back.
/// </summary>
public static class AutoNumberCounter
{
    public static readonly SystemTable Table = new("lc_counters",
    [
        new("counter_key", SqlType.Text, PrimaryKey: true),
        new("counter_value", SqlType.Integer, Nullable: false),
    ]);

    public static async Task<string> NextAsync(WriteScope scope, ISqlDialect d, string table, FieldDefinition field, DateTimeOffset now, CancellationToken ct)
    {
        var pattern = field.AutoNumberPattern!;
        var key = table + "." + field.Key + ":" + AutoNumberPattern.Prefix(pattern, now);
        var n = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(d.NextCounterSql("lc_counters"), new { key }, scope.Transaction, cancellationToken: ct));
        return AutoNumberPattern.Render(pattern, now, n);
    }
}
