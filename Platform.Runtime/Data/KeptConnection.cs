using System.Data.Common;

namespace Platform.Runtime.Data;

/// <summary>
/// The SQLite writer's connection, kept open from one write to the next with the commands those writes keep
/// (<see cref="WriteScope.ExecuteAsync"/>). Writes take turns on SQLite, so one connection serves them all: a write
/// neither opens nor closes a pooled connection, and a statement that every record create or worker batch runs
/// stays prepared instead of being parsed again each time. Only the writer holding the turn touches it.
/// </summary>
internal sealed class KeptConnection(Func<CancellationToken, Task<DbConnection>> open)
{
    private DbConnection? _connection;

    public Dictionary<string, DbCommand> Commands { get; } = [];

    public async Task<DbConnection> GetAsync(CancellationToken ct) => _connection ??= await open(ct);

    /// <summary>Closes a connection a failed write may have left unusable; the next write opens a fresh one.</summary>
    public async Task DiscardAsync()
    {
        foreach (var command in Commands.Values) await command.DisposeAsync();
        Commands.Clear();
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }
}
