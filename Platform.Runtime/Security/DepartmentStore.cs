using Dapper;
using Platform.Runtime.Data;

namespace Platform.Runtime.Security;

/// <summary>The department tree: create, rename, set the head, move a subtree, resolve "and below".</summary>
public sealed class DepartmentStore(Database db)
{
    public const int MaxDepth = 20;

    public static readonly SystemTable Table = new("lc_departments",
    [
        new("id", SqlType.Id, PrimaryKey: true),
        new("name", SqlType.Text, Nullable: false),
        new("parent_id", SqlType.Id),
        new("head_user_id", SqlType.Id),
        new("path", SqlType.Text, Nullable: false),
        new("created_at", SqlType.DateTime, Nullable: false),
    ], [new("ix_lc_departments_path", ["path"]), new("ix_lc_departments_parent", ["parent_id"])]);

    private sealed class Row
    {
        public string id { get; set; } = "";
        public string name { get; set; } = "";
        public string? parent_id { get; set; }
        public string? head_user_id { get; set; }
        public string path { get; set; } = "";
        public Department ToDepartment() => new(id, name, parent_id, head_user_id, path);
    }

    private string Departments => db.Dialect.Quote(Table.Name);
    private string Select => $"SELECT id, name, parent_id, head_user_id, path FROM {Departments}";

    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(Select + " ORDER BY path", cancellationToken: ct))).Select(r => r.ToDepartment()).ToList();
    }

    public async Task<Department?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct)))?.ToDepartment();
    }

    // "And below" is asked on every request of a user with that row scope; the tree changes rarely.
    // Kept per database (all stores of one database share it), dropped on every change of the tree
    // made here and at most BelowMaxAge old, which bounds how long another node's change goes unseen.
    private static readonly TimeSpan BelowMaxAge = TimeSpan.FromSeconds(2);
    private sealed record BelowEntry(IReadOnlyList<string> Ids, DateTime ReadAt);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, string Id), BelowEntry> Below = new();
    private static long _treeGeneration;

    private void TreeChanged()
    {
        Interlocked.Increment(ref _treeGeneration);
        DefinitionChanges.Of(db).Changed();
        foreach (var key in Below.Keys.Where(k => k.Database == db.ConnectionString)) Below.TryRemove(key, out _);
    }

    /// <summary>The department's id and the ids of every department below it; empty when it does not exist.</summary>
    public async Task<IReadOnlyList<string>> SelfAndBelowAsync(string id, CancellationToken ct = default)
    {
        var now = DateTime.UtcNow;
        if (Below.TryGetValue((db.ConnectionString, id), out var hit) && now - hit.ReadAt < BelowMaxAge) return hit.Ids;
        var generation = Interlocked.Read(ref _treeGeneration);
        await using var c = await db.OpenAsync(ct);
        var path = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT path FROM {Departments} WHERE id = @id", new { id }, cancellationToken: ct));
        if (path is null) return [];
        // Ids are UUIDs (hex digits and '-'), so the path prefix needs no LIKE escaping.
        var ids = (await c.QueryAsync<string>(new CommandDefinition(
            $"SELECT id FROM {Departments} WHERE path LIKE @prefix ORDER BY path", new { prefix = path + "%" }, cancellationToken: ct))).ToList();
        if (Interlocked.Read(ref _treeGeneration) == generation) Below[(db.ConnectionString, id)] = new BelowEntry(ids, now);
        return ids;
    }

    /// <summary>
    /// The head responsible for a department: its own head, or else the nearest department above
    /// it that has one (approvals "to the department head" use this); null when none up to the top.
    /// </summary>
    public async Task<string?> ResponsibleHeadAsync(string departmentId, CancellationToken ct = default)
    {
        // The tree is small; reading it whole keeps the SQL the same on every database.
        var all = (await ListAsync(ct)).ToDictionary(d => d.Id);
        if (!all.TryGetValue(departmentId, out var department)) return null;
        return department.Path.Trim('/').Split('/').Reverse()
            .Select(id => all.GetValueOrDefault(id)?.HeadUserId).FirstOrDefault(h => h is not null);
    }

    public async Task<Department> CreateAsync(string? name, string? parentId, string? headUserId, CancellationToken ct = default)
    {
        var cleanName = RequireName(name);
        var id = Guid.CreateVersion7().ToString();
        await using var scope = await db.BeginWriteAsync(ct);
        var parent = parentId is null ? null : await FindAsync(scope, parentId, ct)
            ?? throw ValidationFailedException.For("parentId", $"Department '{parentId}' does not exist.");
        var path = (parent?.Path ?? "/") + id + "/";
        if (parent is not null && parent.Depth >= MaxDepth) throw ValidationFailedException.For("parentId", $"Departments nest at most {MaxDepth} levels deep.");
        await EnsureNameFreeAsync(scope, cleanName, parentId, null, ct);
        await EnsureUserExistsAsync(scope, headUserId, ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Departments} (id, name, parent_id, head_user_id, path, created_at) VALUES (@id, @cleanName, @parentId, @headUserId, @path, @now)",
            new { id, cleanName, parentId, headUserId, path, now = DateTimeOffset.UtcNow }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        TreeChanged();
        return new Department(id, cleanName, parentId, headUserId, path);
    }

    /// <summary>Renames the department and sets (or clears) its head.</summary>
    public async Task<Department> UpdateAsync(string id, string? name, string? headUserId, CancellationToken ct = default)
    {
        var cleanName = RequireName(name);
        await using var scope = await db.BeginWriteAsync(ct);
        var current = await FindAsync(scope, id, ct) ?? throw new NotFoundException($"Department '{id}' does not exist.");
        await EnsureNameFreeAsync(scope, cleanName, current.ParentId, id, ct);
        await EnsureUserExistsAsync(scope, headUserId, ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Departments} SET name = @cleanName, head_user_id = @headUserId WHERE id = @id",
            new { id, cleanName, headUserId }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return current with { Name = cleanName, HeadUserId = headUserId };
    }

    /// <summary>Moves a department (with everything below it) under another parent, or to the top when parentId is null.</summary>
    public async Task<Department> MoveAsync(string id, string? parentId, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var current = await FindAsync(scope, id, ct) ?? throw new NotFoundException($"Department '{id}' does not exist.");
        var parent = parentId is null ? null : await FindAsync(scope, parentId, ct)
            ?? throw ValidationFailedException.For("parentId", $"Department '{parentId}' does not exist.");
        if (parent is not null && parent.Path.StartsWith(current.Path, StringComparison.Ordinal))
            throw ValidationFailedException.For("parentId", "A department cannot move below itself.");
        await EnsureNameFreeAsync(scope, current.Name, parentId, id, ct);
        var newPath = (parent?.Path ?? "/") + id + "/";
        var subtree = (await scope.Connection.QueryAsync<Row>(new CommandDefinition(
            Select + " WHERE path LIKE @prefix", new { prefix = current.Path + "%" }, scope.Transaction, cancellationToken: ct))).ToList();
        var deepest = subtree.Max(r => r.ToDepartment().Depth) - current.Depth + (parent is null ? 0 : parent.Depth + 1);
        if (deepest > MaxDepth) throw ValidationFailedException.For("parentId", $"Departments nest at most {MaxDepth} levels deep.");
        // The tree is small (hundreds of departments): rewriting each path keeps the SQL dialect-neutral.
        foreach (var row in subtree)
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Departments} SET path = @path WHERE id = @id",
                new { row.id, path = newPath + row.path[current.Path.Length..] }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Departments} SET parent_id = @parentId WHERE id = @id", new { id, parentId }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        TreeChanged();
        return current with { ParentId = parentId, Path = newPath };
    }

    private async Task<Department?> FindAsync(WriteScope scope, string id, CancellationToken ct) =>
        (await scope.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE id = @id", new { id }, scope.Transaction, cancellationToken: ct)))?.ToDepartment();

    private async Task EnsureNameFreeAsync(WriteScope scope, string name, string? parentId, string? exceptId, CancellationToken ct)
    {
        var taken = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {Departments} WHERE name = @name AND " + (parentId is null ? "parent_id IS NULL" : "parent_id = @parentId") +
            (exceptId is null ? "" : " AND id <> @exceptId"),
            new { name, parentId, exceptId }, scope.Transaction, cancellationToken: ct));
        if (taken > 0) throw ValidationFailedException.For("name", $"There is already a department '{name}' at that place.");
    }

    private async Task EnsureUserExistsAsync(WriteScope scope, string? userId, CancellationToken ct)
    {
        if (userId is null) return;
        var found = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {db.Dialect.Quote(UserStore.Table.Name)} WHERE id = @userId", new { userId }, scope.Transaction, cancellationToken: ct));
        if (found == 0) throw ValidationFailedException.For("headUserId", $"User '{userId}' does not exist.");
    }

    private static string RequireName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw ValidationFailedException.For("name", "A department needs a name.");
        var clean = name.Trim();
        if (clean.Length > 100) throw ValidationFailedException.For("name", "A department name has at most 100 characters.");
        return clean;
    }
}
