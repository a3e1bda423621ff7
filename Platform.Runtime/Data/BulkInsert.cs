using System.Data.Common;

namespace Platform.Runtime.Data;

/// <summary>
/// Inserts many rows into one table inside a write: multi-row INSERT statements of
/// <see cref="ISqlDialect.BulkInsertRows"/> rows (fewer when the dialect's parameter limit demands it).
/// Each statement is a command the write keeps (<see cref="WriteScope.ExecuteAsync"/>), reused for every
/// batch of that size and, on SQLite, by later writes too (the audit row and journal lines of a write are not
/// parsed again each time). Table and column names come from model metadata and are quoted here.
/// </summary>
public static class BulkInsert
{
    public static async Task RunAsync(WriteScope scope, ISqlDialect d, string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var perStatement = Math.Max(1, Math.Min(d.BulkInsertRows, (d.MaxParameters - 1) / columns.Count));
        var head = $"INSERT INTO {d.Quote(table)} ({string.Join(", ", columns.Select(d.Quote))}) VALUES ";
        DbCommand? full = null;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var n = Math.Min(perStatement, rows.Count - start);
            var command = n == perStatement
                ? full ??= scope.KeptCommand(Sql(head, columns.Count, n), Names(columns.Count * n))
                : scope.KeptCommand(Sql(head, columns.Count, n), Names(columns.Count * n));
            var k = 0;
            for (var r = 0; r < n; r++)
            {
                var row = rows[start + r];
                for (var c = 0; c < columns.Count; c++) command.Parameters[k++].Value = d.ToParameter(row[c]) ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static IEnumerable<string> Names(int count) => Enumerable.Range(0, count).Select(k => "@b" + k);

    private static string Sql(string head, int columns, int rows)
    {
        var sql = new System.Text.StringBuilder(head, head.Length + rows * columns * 8);
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                if (c > 0) sql.Append(", ");
                sql.Append("@b").Append(k++);
            }
            sql.Append(')');
        }
        return sql.ToString();
    }
}
