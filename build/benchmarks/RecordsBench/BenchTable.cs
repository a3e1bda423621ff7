using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace RecordsBench;

/// <summary>One deal row as the benchmark writes it: the model's columns (system columns first).</summary>
public sealed record DealRow(string Id, string? Owner, string? Department, string CreatedBy, DateTimeOffset CreatedAt,
    string Title, string Stage, decimal Amount, DateOnly ClosedOn)
{
    public static readonly string[] Stages = ["lead", "qualified", "proposal", "won", "lost"];

    /// <summary>Row i of the big table: times one minute apart (ids in time order), five stages, amounts 0–99,999.</summary>
    public static DealRow Generated(long i, IReadOnlyList<string> departments, string owner)
    {
        var at = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i);
        return new DealRow(Guid.CreateVersion7(at).ToString(), owner, departments[(int)(i % departments.Count)], owner, at,
            "Deal " + i, Stages[(int)(i * 7 % 5)], i * 7919 % 100_000, DateOnly.FromDateTime(at.UtcDateTime).AddDays(30));
    }

    public JsonObject ToAuditJson() => new()
    {
        ["id"] = Id, ["rowVersion"] = 1, ["owner"] = Owner, ["department"] = Department, ["createdBy"] = CreatedBy,
        ["createdAt"] = CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), ["updatedBy"] = CreatedBy,
        ["updatedAt"] = CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        ["title"] = Title, ["stage"] = Stage, ["amount"] = Amount, ["closed_on"] = ClosedOn.ToString("yyyy-MM-dd"),
    };
}

/// <summary>
/// The raw baseline: hand-written Dapper on the model's own table (m_bench__deal) and the audit
/// table, with the plumbing a careful hand-written service would use (pooled connections, WAL and
/// synchronous=NORMAL set once per native connection on SQLite, writers taking turns).
/// </summary>
public sealed class BenchTable(string provider, string connectionString, string table)
{
    private readonly SemaphoreSlim? _gate = provider == "sqlite" ? new SemaphoreSlim(1, 1) : null;
    public string Table { get; } = table;
    public string Provider => provider;
    public string ConnectionString => connectionString;
    private bool Sqlite => provider == "sqlite";

    private const string Columns = "id, owner, department, created_by, created_at, updated_by, updated_at, row_version, deleted_at, title, stage, amount, closed_on";
    private const string AuditColumns = "id, app, model, record_id, kind, actor_id, actor_name, \"at\", before_json, after_json";

    // Like the platform, the per-connection pragmas are set once per native connection of the pool.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Initialized = new();

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection c = Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        if (c is SqliteConnection { Handle: { } handle } && !Initialized.TryGetValue(handle, out _))
        {
            await c.ExecuteAsync("PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
            Initialized.AddOrUpdate(handle, true);
        }
        return c;
    }

    private object? P(object? v) => v switch
    {
        DateTimeOffset d when Sqlite => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        DateTimeOffset d => d.UtcDateTime,
        DateOnly d when Sqlite => d.ToString("yyyy-MM-dd"),
        decimal m when Sqlite => (double)m,
        _ => v,
    };

    private void AddRow(DynamicParameters args, string suffix, DealRow r)
    {
        args.Add("id" + suffix, r.Id); args.Add("owner" + suffix, r.Owner); args.Add("dep" + suffix, r.Department);
        args.Add("by" + suffix, r.CreatedBy); args.Add("at" + suffix, P(r.CreatedAt)); args.Add("title" + suffix, r.Title);
        args.Add("stage" + suffix, r.Stage); args.Add("amount" + suffix, P(r.Amount)); args.Add("closed" + suffix, P(r.ClosedOn));
    }

    private static string RowValues(string s) =>
        $"(@id{s}, @owner{s}, @dep{s}, @by{s}, @at{s}, @by{s}, @at{s}, 1, NULL, @title{s}, @stage{s}, @amount{s}, @closed{s})";

    private void AddAudit(DynamicParameters args, string suffix, DealRow r, string actorName)
    {
        args.Add("aid" + suffix, Guid.CreateVersion7().ToString()); args.Add("rid" + suffix, r.Id);
        args.Add("actor" + suffix, r.CreatedBy); args.Add("actorName" + suffix, actorName);
        args.Add("aat" + suffix, P(r.CreatedAt)); args.Add("after" + suffix, r.ToAuditJson().ToJsonString());
    }

    private static string AuditValues(string s) => $"(@aid{s}, 'bench', 'deal', @rid{s}, 'created', @actor{s}, @actorName{s}, @aat{s}, NULL, @after{s})";

    /// <summary>One create: the record and its audit row in one transaction (what the bare endpoint does).</summary>
    public async Task InsertOneAsync(DealRow r, string actorName)
    {
        if (_gate is not null) await _gate.WaitAsync();
        try
        {
            await using var c = await OpenAsync();
            await using var tx = await c.BeginTransactionAsync();
            var args = new DynamicParameters();
            AddRow(args, "", r);
            await c.ExecuteAsync($"INSERT INTO {Table} ({Columns}) VALUES {RowValues("")}", args, tx);
            var audit = new DynamicParameters();
            AddAudit(audit, "", r, actorName);
            await c.ExecuteAsync($"INSERT INTO lc_audit ({AuditColumns}) VALUES {AuditValues("")}", audit, tx);
            await tx.CommitAsync();
        }
        finally { _gate?.Release(); }
    }

    /// <summary>A bulk insert of records and their audit rows in one transaction: prepared statements (SQLite) or 100 rows per statement (PostgreSQL).</summary>
    public async Task BulkInsertAsync(IReadOnlyList<DealRow> rows, string actorName)
    {
        if (_gate is not null) await _gate.WaitAsync();
        try
        {
            await using var c = await OpenAsync();
            await using var tx = await c.BeginTransactionAsync();
            if (c is SqliteConnection sqlite)
            {
                // SQLite: two prepared statements reused for every row (Dapper's many-parameter statements are slow there).
                await using var row = sqlite.CreateCommand();
                row.Transaction = (SqliteTransaction)tx;
                row.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES ($id, $owner, $dep, $by, $at, $by, $at, 1, NULL, $title, $stage, $amount, $closed)";
                var rp = new[] { "$id", "$owner", "$dep", "$by", "$at", "$title", "$stage", "$amount", "$closed" }.Select(n => row.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
                await using var audit = sqlite.CreateCommand();
                audit.Transaction = (SqliteTransaction)tx;
                audit.CommandText = $"INSERT INTO lc_audit ({AuditColumns}) VALUES ($aid, 'bench', 'deal', $rid, 'created', $actor, $actorName, $aat, NULL, $after)";
                var ap = new[] { "$aid", "$rid", "$actor", "$actorName", "$aat", "$after" }.Select(n => audit.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
                foreach (var r in rows)
                {
                    rp[0].Value = r.Id; rp[1].Value = r.Owner; rp[2].Value = r.Department; rp[3].Value = r.CreatedBy; rp[4].Value = P(r.CreatedAt);
                    rp[5].Value = r.Title; rp[6].Value = r.Stage; rp[7].Value = P(r.Amount); rp[8].Value = P(r.ClosedOn);
                    await row.ExecuteNonQueryAsync();
                    ap[0].Value = Guid.CreateVersion7().ToString(); ap[1].Value = r.Id; ap[2].Value = r.CreatedBy; ap[3].Value = actorName;
                    ap[4].Value = P(r.CreatedAt); ap[5].Value = r.ToAuditJson().ToJsonString();
                    await audit.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
                return;
            }
            foreach (var chunk in rows.Chunk(100))
            {
                var args = new DynamicParameters();
                var audit = new DynamicParameters();
                for (var i = 0; i < chunk.Length; i++) { AddRow(args, "_" + i, chunk[i]); AddAudit(audit, "_" + i, chunk[i], actorName); }
                await c.ExecuteAsync($"INSERT INTO {Table} ({Columns}) VALUES {string.Join(", ", chunk.Select((_, i) => RowValues("_" + i)))}", args, tx);
                await c.ExecuteAsync($"INSERT INTO lc_audit ({AuditColumns}) VALUES {string.Join(", ", chunk.Select((_, i) => AuditValues("_" + i)))}", audit, tx);
            }
            await tx.CommitAsync();
        }
        finally { _gate?.Release(); }
    }

    /// <summary>Fills the table with generated rows fast: a prepared insert in big transactions (SQLite) or binary COPY (PostgreSQL).</summary>
    public async Task LoadAsync(long count, IReadOnlyList<string> departments, string owner)
    {
        await using var c = await OpenAsync();
        if (c is NpgsqlConnection pg)
        {
            await using (var copy = await pg.BeginBinaryImportAsync($"COPY {Table} ({Columns}) FROM STDIN (FORMAT BINARY)"))
            {
            for (long i = 0; i < count; i++)
            {
                var r = DealRow.Generated(i, departments, owner);
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Id, NpgsqlDbType.Varchar); await copy.WriteAsync(r.Owner, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Department, NpgsqlDbType.Varchar); await copy.WriteAsync(r.CreatedBy, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz); await copy.WriteAsync(r.CreatedBy, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz); await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
                await copy.WriteNullAsync(); await copy.WriteAsync(r.Title, NpgsqlDbType.Varchar); await copy.WriteAsync(r.Stage, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Amount, NpgsqlDbType.Numeric); await copy.WriteAsync(r.ClosedOn, NpgsqlDbType.Date);
            }
            await copy.CompleteAsync();
            }
            await pg.ExecuteAsync($"ANALYZE {Table}");
            return;
        }
        var sqlite = (SqliteConnection)c;
        for (long start = 0; start < count; start += 100_000)
        {
            await using var tx = sqlite.BeginTransaction();
            await using var cmd = sqlite.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES ($id, $owner, $dep, $by, $at, $by, $at, 1, NULL, $title, $stage, $amount, $closed)";
            var ps = new[] { "$id", "$owner", "$dep", "$by", "$at", "$title", "$stage", "$amount", "$closed" }.Select(n => cmd.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
            cmd.Prepare();
            for (var i = start; i < Math.Min(count, start + 100_000); i++)
            {
                var r = DealRow.Generated(i, departments, owner);
                ps[0].Value = r.Id; ps[1].Value = r.Owner; ps[2].Value = r.Department; ps[3].Value = r.CreatedBy; ps[4].Value = P(r.CreatedAt);
                ps[5].Value = r.Title; ps[6].Value = r.Stage; ps[7].Value = P(r.Amount); ps[8].Value = P(r.ClosedOn);
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        await sqlite.ExecuteAsync("ANALYZE;");
    }

    // ---- the queries, written by hand ----

    public const string PageStage = "won";
    public const int PageMinAmount = 50_000;

    private string Scope(DynamicParameters args, IReadOnlyList<string>? departments)
    {
        if (departments is null) return "";
        var names = departments.Select((d, i) => { args.Add("d" + i, d); return "@d" + i; });
        // The same shape as the platform's row scope (ISqlDialect.RowScopeColumn keeps the planner off the department index).
        return $" AND {(Sqlite ? "+department" : "(department COLLATE \"C\")")} IN ({string.Join(", ", names)})";
    }

    /// <summary>The 50 newest won deals of at least 50,000 (optionally only in the given departments): how many.</summary>
    public async Task<int> PageAsync(IReadOnlyList<string>? departments = null) => (await PageRowsAsync(departments)).Count;

    /// <summary>The same page's rows, as the bare server answers them.</summary>
    public async Task<List<Dictionary<string, object?>>> PageRowsAsync(IReadOnlyList<string>? departments = null)
    {
        await using var c = await OpenAsync();
        var args = new DynamicParameters();
        args.Add("stage", PageStage); args.Add("amount", PageMinAmount); args.Add("size", 51);
        var rows = await c.QueryAsync($"SELECT {Columns} FROM {Table} WHERE deleted_at IS NULL AND stage = @stage AND amount >= @amount{Scope(args, departments)} " +
                                      "ORDER BY created_at DESC, id DESC LIMIT @size", args);
        return rows.Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList();
    }

    /// <summary>Records per stage (optionally only in the given departments): how many groups.</summary>
    public async Task<int> CountByStageAsync(IReadOnlyList<string>? departments = null) => (await CountByStageRowsAsync(departments)).Count;

    public async Task<List<Dictionary<string, object?>>> CountByStageRowsAsync(IReadOnlyList<string>? departments = null)
    {
        await using var c = await OpenAsync();
        var args = new DynamicParameters();
        var rows = await c.QueryAsync($"SELECT stage, COUNT(*) AS n FROM {Table} WHERE deleted_at IS NULL{Scope(args, departments)} GROUP BY stage ORDER BY stage", args);
        return rows.Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList();
    }

    public async Task<long> CountAsync()
    {
        await using var c = await OpenAsync();
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {Table}");
    }

    public static string Csv(IEnumerable<DealRow> rows)
    {
        var sb = new StringBuilder("title,stage,amount,closed_on\n");
        foreach (var r in rows) sb.Append(r.Title).Append(',').Append(r.Stage).Append(',').Append(r.Amount).Append(',').Append(r.ClosedOn.ToString("yyyy-MM-dd")).Append('\n');
        return sb.ToString();
    }
}
