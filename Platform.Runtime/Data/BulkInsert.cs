using System.Data.Common;

namespace Platform.Runtime.Data;

/// <summary>
/// Inserts many rows into one table inside a write: multi-row INSERT statements of
/// <see cref="ISqlDialect.BulkInsertRows"/> rows (fewer when the dialect's parameter limit demands it),
/// each command built once and reused for every batch of that size (SQLite keeps its statement prepared).
/// Table and column names come from model metadata and are quoted here.
/// </summary>
public static class BulkInsert
{
    public static async Task RunAsync(WriteScope scope, ISqlDialect d, string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var perStatement = Math.Max(1, Math.Min(d.BulkInsertRows, (d.MaxParameters - 1) / columns.Count));
        var head = $"INSERT INTO {d.Quote(table)} ({string.Join(", ", columns.Select(d.Quote))}) VALUES ";
        DbCommand? full = null, rest = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var n = Math.Min(perStatement, rows.Count - start);
                DbCommand command;
                if (n == perStatement) command = full ??= Create(scope, head, columns.Count, n);
                else command = rest = Create(scope, head, columns.Count, n);
                var k = 0;
                for (var r = 0; r < n; r++)
                {
                    var row = rows[start + r];
                    for (var c = 0; c < columns.Count; c++) command.Parameters[k++].Value = d.ToParameter(row[c]) ?? DBNull.Value;
                }
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
            if (rest is not null) await rest.DisposeAsync();
        }
    }

    private static DbCommand Create(WriteScope scope, string head, int columns, int rows)
    {
        var command = scope.Connection.CreateCommand();
        command.Transaction = scope.Transaction;
        var sql = new System.Text.StringBuilder(head, head.Length + rows * columns * 8);
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                if (c > 0) sql.Append(", ");
                var name = "@b" + k++;
                sql.Append(name);
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }
}
