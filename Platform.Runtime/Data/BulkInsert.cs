using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Platform.Runtime.Data;

/// <summary>
/// Inserts many rows into one table inside a write: multi-row INSERT statements of
/// <see cref="ISqlDialect.BulkInsertRows"/> rows (fewer when the dialect's parameter limit demands it).
/// An instance keeps its commands for a long write (an import's chunks): built once, reused for every
/// batch of their size, prepared where the dialect gains from it. <see cref="RunAsync(WriteScope, ISqlDialect, string, IReadOnlyList{string}, IReadOnlyList{object?[]}, CancellationToken)"/>
/// serves the short writes (an audit row, journal lines) through commands the write keeps
/// (<see cref="WriteScope.KeptCommand"/>), on SQLite across writes too, so they are not parsed again each time.
/// Table and column names come from model metadata and are quoted here.
/// </summary>
public sealed class BulkInsert(WriteScope scope, ISqlDialect d, string table, IReadOnlyList<string> columns) : IAsyncDisposable
{
    private readonly int _perStatement = PerStatement(d, columns.Count);
    private readonly string _head = Head(d, table, columns);
    // Commands by row count: the full size, and the remainders met so far.
    private readonly Dictionary<int, DbCommand> _commands = [];
    private readonly HashSet<int> _prepared = [];

    public async Task RunAsync(IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        for (var start = 0; start < rows.Count; start += _perStatement)
        {
            var n = Math.Min(_perStatement, rows.Count - start);
            if (!_commands.TryGetValue(n, out var command)) _commands[n] = command = Create(n);
            Bind(command, d, rows, start, n);
            // Prepared after the first values are bound, so the provider knows the parameters' types.
            if (d.PrepareBulkInserts && _prepared.Add(n)) await command.PrepareAsync(ct);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The rows of a short write, through the write's kept commands.</summary>
    public static async Task RunAsync(WriteScope scope, ISqlDialect d, string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var perStatement = PerStatement(d, columns.Count);
        DbCommand? full = null;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var n = Math.Min(perStatement, rows.Count - start);
            var command = n == perStatement
                ? full ??= scope.KeptCommand(Statement(d, table, columns, n), Names(columns.Count * n))
                : scope.KeptCommand(Statement(d, table, columns, n), Names(columns.Count * n));
            Bind(command, d, rows, start, n);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    // Statement texts of the short writes by column list (a model's, the audit's), table, dialect and row count: a create
    // looks its statement up instead of building the text again. Weak on the list, so a replaced model's texts go with it.
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, ConcurrentDictionary<(string Table, Type Dialect, int Rows), string>> Statements = new();

    private static string Statement(ISqlDialect d, string table, IReadOnlyList<string> columns, int rows) =>
        Statements.GetValue(columns, _ => new()).GetOrAdd((table, d.GetType(), rows), k => Sql(Head(d, k.Table, columns), columns.Count, k.Rows));

    private static int PerStatement(ISqlDialect d, int columns) => Math.Max(1, Math.Min(d.BulkInsertRows, (d.MaxParameters - 1) / columns));

    private static string Head(ISqlDialect d, string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {d.Quote(table)} ({string.Join(", ", columns.Select(d.Quote))}) VALUES ";

    private static void Bind(DbCommand command, ISqlDialect d, IReadOnlyList<object?[]> rows, int start, int n)
    {
        var parameters = command.Parameters;
        var k = 0;
        for (var r = 0; r < n; r++)
        {
            var row = rows[start + r];
            for (var c = 0; c < row.Length; c++) parameters[k++].Value = d.ToParameter(row[c]) ?? DBNull.Value;
        }
    }

    private DbCommand Create(int rows)
    {
        var command = scope.Connection.CreateCommand();
        command.Transaction = scope.Transaction;
        command.CommandText = Sql(_head, columns.Count, rows);
        foreach (var name in Names(columns.Count * rows))
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }
        return command;
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

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
    }
}
