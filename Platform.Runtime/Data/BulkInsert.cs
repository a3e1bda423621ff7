using System.Data.Common;

namespace Platform.Runtime.Data;

/// <summary>
/// Inserts many rows into one table inside a write: multi-row INSERT statements of
/// <see cref="ISqlDialect.BulkInsertRows"/> rows (fewer when the dialect's parameter limit demands it).
/// Each command is built once and reused for every batch of its size, across calls (an import's chunks):
/// SQLite keeps its statement prepared, and no SQL text or parameter list is built again.
/// Table and column names come from model metadata and are quoted here.
/// </summary>
public sealed class BulkInsert(WriteScope scope, ISqlDialect d, string table, IReadOnlyList<string> columns) : IAsyncDisposable
{
    private readonly int _perStatement = Math.Max(1, Math.Min(d.BulkInsertRows, (d.MaxParameters - 1) / columns.Count));
    private readonly string _head = $"INSERT INTO {d.Quote(table)} ({string.Join(", ", columns.Select(d.Quote))}) VALUES ";
    // Commands by row count: the full size, and the remainders met so far.
    private readonly Dictionary<int, DbCommand> _commands = [];
    private readonly HashSet<int> _prepared = [];

    public async Task RunAsync(IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        for (var start = 0; start < rows.Count; start += _perStatement)
        {
            var n = Math.Min(_perStatement, rows.Count - start);
            if (!_commands.TryGetValue(n, out var command)) _commands[n] = command = Create(n);
            var parameters = command.Parameters;
            var k = 0;
            for (var r = 0; r < n; r++)
            {
                var row = rows[start + r];
                for (var c = 0; c < row.Length; c++) parameters[k++].Value = d.ToParameter(row[c]) ?? DBNull.Value;
            }
            // Prepared after the first values are bound, so the provider knows the parameters' types.
            if (d.PrepareBulkInserts && _prepared.Add(n)) await command.PrepareAsync(ct);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private DbCommand Create(int rows)
    {
        var command = scope.Connection.CreateCommand();
        command.Transaction = scope.Transaction;
        var sql = new System.Text.StringBuilder(_head, _head.Length + rows * columns.Count * 8);
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
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

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
    }
}
