using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;

namespace Platform.Runtime.Data;

/// <summary>One step of a migration: what it does in words, the SQL it runs, and any row-by-row data work.</summary>
public sealed record MigrationStep(string Description, IReadOnlyList<string> Sql, Func<WriteScope, CancellationToken, Task>? Run = null)
{
    public JsonObject ToJson() => new() { ["description"] = Description, ["sql"] = new JsonArray(Sql.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()) };
}

/// <summary>
/// Plans the change of a model's table from one definition to the next and applies it inside the
/// caller's transaction. Fields are matched by their stable id, then by renamedFrom, then by key.
/// Added fields add columns; renamed fields rename columns; retired fields keep column and data;
/// a type change converts every value and is refused, with the offending rows counted, when any
/// value does not convert. Removing a field from the definition is refused: retire it instead.
/// A type change adds a new column, fills it, drops the old one and renames — the same in all three
/// databases, so SQLite needs no table rebuild.
/// </summary>
public sealed class ModelMigrator(ISqlDialect d)
{
    private string Q(string s) => d.Quote(s);

    public async Task<List<MigrationStep>> PlanAsync(WriteScope scope, string app, ModelDefinition? old, ModelDefinition next, CancellationToken ct)
    {
        var steps = new List<MigrationStep>();
        var table = ModelTableNames.Table(app, next.Key);
        if (old is null)
        {
            steps.Add(new MigrationStep($"Create table {table} for model '{next.Key}' with {next.Fields.Count} fields.", ModelTable.CreateStatements(d, app, next).ToList()));
            return steps;
        }
        var errors = new Dictionary<string, string[]>();
        var matched = new HashSet<FieldDefinition>();
        foreach (var nf in next.Fields)
        {
            var of = (nf.Id is not null ? old.Fields.FirstOrDefault(f => f.Id == nf.Id) : null)
                     ?? (nf.RenamedFrom is not null ? old.Fields.FirstOrDefault(f => f.Key == nf.RenamedFrom) : null)
                     ?? old.Fields.FirstOrDefault(f => f.Key == nf.Key && (f.Id is null || nf.Id is null || f.Id == nf.Id));
            if (of is null || !matched.Add(of))
            {
                await AddFieldAsync(scope, steps, app, next, table, nf, ct);
                continue;
            }
            await ChangeFieldAsync(scope, steps, errors, app, next, table, of, nf, ct);
        }
        foreach (var of in old.Fields.Where(f => !matched.Contains(f)))
            errors[$"fields.{of.Key}"] = [$"Field '{of.Key}' was removed. Mark it \"retired\": true instead; its data is kept."];
        if (errors.Count > 0) throw new ValidationFailedException("The model change cannot be applied.", errors);
        return steps;
    }

    public static async Task ApplyAsync(WriteScope scope, IEnumerable<MigrationStep> steps, CancellationToken ct)
    {
        foreach (var step in steps)
        {
            if (step.Run is not null) await step.Run(scope, ct);
            else
                foreach (var sql in step.Sql)
                    await scope.Connection.ExecuteAsync(new CommandDefinition(sql, transaction: scope.Transaction, cancellationToken: ct));
        }
    }

    private async Task<long> CountRowsAsync(WriteScope scope, string table, CancellationToken ct) =>
        await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {Q(table)}", transaction: scope.Transaction, cancellationToken: ct));

    private async Task AddFieldAsync(WriteScope scope, List<MigrationStep> steps, string app, ModelDefinition model, string table, FieldDefinition f, CancellationToken ct)
    {
        var sql = new List<string>();
        if (f.Kind.Column(f) is { } type) sql.Add(d.AddColumn(table, f.Key, type));
        sql.AddRange(ModelTable.FieldStatements(d, app, model.Key, f));
        steps.Add(new MigrationStep($"Add field '{f.Key}' ({f.Type}).", sql));
        if (f.Default is not null && f.Kind.Column(f) is not null && f.Kind.Writable && !f.Unique)
        {
            var value = FieldValueChecker.Check(f, f.Default, []);
            var rows = await CountRowsAsync(scope, table, ct);
            if (value is not null && rows > 0)
            {
                var fill = $"UPDATE {Q(table)} SET {Q(f.Key)} = @value WHERE {Q(f.Key)} IS NULL";
                steps.Add(new MigrationStep($"Fill '{f.Key}' with its default in the {rows} existing rows.", [fill],
                    (s, c) => s.Connection.ExecuteAsync(new CommandDefinition(fill, new { value = d.ToParameter(value) }, s.Transaction, cancellationToken: c))));
            }
        }
    }

    private async Task ChangeFieldAsync(WriteScope scope, List<MigrationStep> steps, Dictionary<string, string[]> errors,
        string app, ModelDefinition model, string table, FieldDefinition of, FieldDefinition nf, CancellationToken ct)
    {
        var key = nf.Key;
        var oldColumn = of.Kind.Column(of);
        var newColumn = nf.Kind.Column(nf);
        var column = of.Key;
        if (of.Key != nf.Key)
        {
            if (of.Type == "subTable" || of.Relation?.Kind == "manyToMany" || nf.Type == "subTable" || nf.Relation?.Kind == "manyToMany")
            {
                errors[$"fields.{key}"] = ["Sub-table and many-to-many fields cannot be renamed; change their label instead."];
                return;
            }
            var sql = new List<string>();
            if (oldColumn is not null)
            {
                if (of.Unique || of.Type == "autoNumber" || of.Relation?.Kind == "manyToOne") sql.Add(d.DropIndexIfExists(ModelTableNames.Index(table, of.Key), table));
                sql.Add(d.RenameColumn(table, of.Key, nf.Key));
                if (nf.Kind.Column(nf) is not null && of.Type == nf.Type) sql.AddRange(ModelTable.FieldStatements(d, app, model.Key, nf));
            }
            steps.Add(new MigrationStep($"Rename field '{of.Key}' to '{nf.Key}' (data kept).", sql));
            column = nf.Key;
        }
        if (of.Retired != nf.Retired)
            steps.Add(new MigrationStep(nf.Retired ? $"Retire field '{key}': hidden from forms and the API, column and data kept." : $"Bring back retired field '{key}'.", []));

        var typeChanged = of.Type != nf.Type || oldColumn != newColumn || (of.Relation?.Kind != nf.Relation?.Kind);
        if (typeChanged)
        {
            if (oldColumn is null || newColumn is null)
            {
                errors[$"fields.{key}"] = [$"A {of.Type} field cannot become a {nf.Type} field. Add a new field and retire this one."];
                return;
            }
            await ConvertAsync(scope, steps, errors, app, model, table, column, of, nf, ct);
            return;
        }
        if (nf.Unique && !of.Unique && newColumn is not null)
        {
            var dupes = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM (SELECT {Q(column)} FROM {Q(table)} WHERE {Q(column)} IS NOT NULL GROUP BY {Q(column)} HAVING COUNT(*) > 1) x", transaction: scope.Transaction, cancellationToken: ct));
            if (dupes > 0) { errors[$"fields.{key}.unique"] = [$"{dupes} values occur in more than one record; make them distinct first."]; return; }
            steps.Add(new MigrationStep($"Make '{key}' unique.", [d.CreateUniqueIndexIfMissing(ModelTableNames.Index(table, key), table, key)]));
        }
        else if (!nf.Unique && of.Unique && newColumn is not null && nf.Type != "autoNumber")
            steps.Add(new MigrationStep($"'{key}' no longer needs to be unique.", [d.DropIndexIfExists(ModelTableNames.Index(table, key), table)]));
        if (nf.Type == "subTable" && of.SubFields is not null)
        {
            var child = ModelTableNames.SubTable(app, model.Key, key);
            foreach (var sf in nf.SubFields ?? [])
                if (of.SubFields.All(x => x.Key != sf.Key) && sf.Kind.Column(sf) is { } t)
                    steps.Add(new MigrationStep($"Add column '{sf.Key}' to the lines of '{key}'.", [d.AddColumn(child, sf.Key, t)]));
        }
        if (nf.Type == "relation" && nf.Relation?.Model != of.Relation?.Model && newColumn is not null)
            await ConvertAsync(scope, steps, errors, app, model, table, column, of, nf, ct, checkOnly: true);
    }

    /// <summary>Converts every stored value of a field to its new type, or refuses with the rows that do not convert.</summary>
    private async Task ConvertAsync(WriteScope scope, List<MigrationStep> steps, Dictionary<string, string[]> errors,
        string app, ModelDefinition model, string table, string column, FieldDefinition of, FieldDefinition nf, CancellationToken ct, bool checkOnly = false)
    {
        var rows = await scope.Connection.QueryAsync(new CommandDefinition(
            $"SELECT {Q("id")}, {Q(column)} AS v FROM {Q(table)} WHERE {Q(column)} IS NOT NULL", transaction: scope.Transaction, cancellationToken: ct));
        var converted = new List<(string Id, object? Value)>();
        var bad = new List<string>();
        var badCount = 0;
        foreach (IDictionary<string, object?> row in rows)
        {
            var json = of.Kind.FromDb(row["v"]!, of);
            var problems = new List<string>();
            var value = json is null ? null : nf.Kind.ToDb(Adapt(json, nf), nf, problems);
            if (problems.Count > 0)
            {
                badCount++;
                if (bad.Count < 5) bad.Add($"record {row["id"]}: {json?.ToJsonString()} ({problems[0]})");
                continue;
            }
            converted.Add(((string)row["id"]!, value));
        }
        if (badCount > 0)
        {
            errors[$"fields.{nf.Key}"] = [$"{badCount} records hold values that cannot become {nf.Type}. Examples: {string.Join("; ", bad)}"];
            return;
        }
        if (checkOnly) return;
        var temp = nf.Key + "__new";
        var update = $"UPDATE {Q(table)} SET {Q(temp)} = @value WHERE {Q("id")} = @id";
        var indexed = of.Unique || of.Type == "autoNumber" || of.Relation?.Kind == "manyToOne";
        steps.Add(new MigrationStep($"Change '{nf.Key}' from {of.Type} to {nf.Type}: new column.", [d.AddColumn(table, temp, nf.Kind.Column(nf)!.Value)]));
        steps.Add(new MigrationStep($"Convert {converted.Count} values of '{nf.Key}'.", [update], async (s, c) =>
        {
            foreach (var (id, value) in converted)
                await s.Connection.ExecuteAsync(new CommandDefinition(update, new { value = d.ToParameter(value), id }, s.Transaction, cancellationToken: c));
        }));
        var swap = new List<string>();
        if (indexed) swap.Add(d.DropIndexIfExists(ModelTableNames.Index(table, column), table));
        swap.Add(d.DropColumn(table, column));
        swap.Add(d.RenameColumn(table, temp, nf.Key));
        swap.AddRange(ModelTable.FieldStatements(d, app, model.Key, nf));
        steps.Add(new MigrationStep($"Replace the old column of '{nf.Key}' with the converted one.", swap));
    }

    /// <summary>Reads an old value the way the new type expects it (numbers as text, text as numbers, dates from instants).</summary>
    private static JsonNode Adapt(JsonNode value, FieldDefinition nf)
    {
        var kind = value.GetValueKind();
        var column = nf.Kind.Column(nf);
        if (column is SqlType.Text or SqlType.LongText && nf.Type is not ("multiSelect" or "attachment" or "image") && kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            return JsonValue.Create(kind == JsonValueKind.Number ? value.ToJsonString() : value.GetValue<bool>() ? "true" : "false")!;
        if (column is SqlType.Integer or SqlType.Double or SqlType.Decimal && kind == JsonValueKind.String &&
            decimal.TryParse(value.GetValue<string>().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            return JsonValue.Create(n)!;
        if (column == SqlType.Date && kind == JsonValueKind.String && value.GetValue<string>() is { Length: > 10 } dt && dt[10] == 'T')
            return JsonValue.Create(dt[..10])!;
        if (column == SqlType.DateTime && kind == JsonValueKind.String && value.GetValue<string>() is { Length: 10 } day)
            return JsonValue.Create(day + "T00:00:00Z")!;
        if (nf.Type == "multiSelect" && kind == JsonValueKind.String)
            return new JsonArray(JsonValue.Create(value.GetValue<string>()));
        if (column == SqlType.Boolean && kind == JsonValueKind.Number)
            return JsonValue.Create(value.GetValue<decimal>() != 0)!;
        return value;
    }
}
