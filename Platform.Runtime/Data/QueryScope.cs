using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Models;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>A field reference resolved against the model: the SQL that reads it and its definition.</summary>
public sealed record ResolvedField(string Path, string Sql, FieldDefinition Field, CompiledModel Model, string Alias, bool IsSystem);

/// <summary>
/// The state of one SQL query under construction: parameters, joins for relation paths, and how the
/// caller may see each model involved. Field names from requests are resolved here and nowhere else;
/// a hidden field is reported exactly like a missing one, so errors reveal nothing.
/// </summary>
public sealed class QueryScope
{
    private readonly Func<string, Task<ModelAccess>> _access;
    private readonly Dictionary<string, string> _joinAliases = new();
    private readonly Dictionary<string, ModelAccess> _accessByModel = new();
    private int _parameters;
    private int _aliases;

    public QueryScope(ISqlDialect dialect, CompiledApp app, CompiledModel root, ModelAccess rootAccess, Func<string, Task<ModelAccess>> access)
    {
        Dialect = dialect;
        App = app;
        Root = root;
        _access = access;
        _accessByModel[root.Key] = rootAccess;
    }

    public ISqlDialect Dialect { get; }
    public CompiledApp App { get; }
    public CompiledModel Root { get; }
    public DynamicParameters Parameters { get; } = new();
    public List<string> Joins { get; } = [];
    public const string RootAlias = "t";

    public string Q(string identifier) => Dialect.Quote(identifier);

    public string Add(object? value)
    {
        var name = "@f" + _parameters++;
        Parameters.Add(name, Dialect.ToParameter(value));
        return name;
    }

    public async Task<ModelAccess> AccessAsync(string model)
    {
        if (_accessByModel.TryGetValue(model, out var a)) return a;
        a = await _access(model);
        _accessByModel[model] = a;
        return a;
    }

    public static ValidationFailedException Unknown(string where, string path) =>
        ValidationFailedException.For(where, $"Unknown field '{path}'.");

    /// <summary>Resolves "field", a system name, or a path through many-to-one relations such as "account.sector".</summary>
    /// <remarks>Trusted paths (row filters from the access policy) may use fields hidden from the caller.</remarks>
    public async Task<ResolvedField> ResolveAsync(string path, string where, CompiledModel? start = null, string? startAlias = null, bool trusted = false)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 200) throw Unknown(where, path ?? "");
        var parts = path.Split('.');
        var model = start ?? Root;
        var alias = startAlias ?? RootAlias;
        var prefix = alias + ":";
        for (var i = 0; i < parts.Length; i++)
        {
            var name = parts[i];
            var last = i == parts.Length - 1;
            var access = trusted ? ModelAccess.Everything : await AccessAsync(model.Key);
            if (!access.Can(ModelAction.Read)) throw Unknown(where, path);
            if (SystemFields.ByName.TryGetValue(name, out var sys))
            {
                if (!last || access.Field(name) == FieldAccess.Hidden) throw Unknown(where, path);
                return new ResolvedField(path, $"{alias}.{Q(sys.Column)}", sys.Field, model, alias, true);
            }
            var field = model.Field(name);
            if (field is null || access.Field(name) == FieldAccess.Hidden) throw Unknown(where, path);
            if (last)
                return new ResolvedField(path, ColumnSql(model, field, alias), field, model, alias, false);
            if (field.Relation is not { Kind: "manyToOne" } rel) throw Unknown(where, path);
            var target = App.Model(rel.Model);
            prefix = prefix + name + ".";
            if (!_joinAliases.TryGetValue(prefix, out var next))
            {
                next = "j" + _aliases++;
                _joinAliases[prefix] = next;
                var on = $"{next}.{Q("id")} = {alias}.{Q(field.Key)} AND {next}.{Q("deleted_at")} IS NULL";
                // Rows of the related model the caller may not see behave as if the link were empty.
                var targetAccess = await AccessAsync(target.Key);
                if (!trusted && !targetAccess.Can(ModelAction.Read)) throw Unknown(where, path);
                if (targetAccess.RowFilter is not null)
                    on += " AND " + await new FilterCompiler(this, target, next).CompileAsync(targetAccess.RowFilter, "rowFilter", trusted: true);
                Joins.Add($" LEFT JOIN {Q(target.Table)} {next} ON {on}");
            }
            model = target;
            alias = next;
        }
        throw Unknown(where, path);
    }

    /// <summary>The SQL reading a field's value: its column, or the sub-query of a rollup.</summary>
    public string ColumnSql(CompiledModel model, FieldDefinition field, string alias)
    {
        if (field.Rollup is { } r)
        {
            var rel = model.Definition.Field(r.Relation)!.Relation!;
            var child = App.Model(rel.Model);
            var value = r.Op == "count" ? "COUNT(*)" : $"{r.Op.ToUpperInvariant()}(c.{Q(r.Field!)})";
            if (r.Op is "sum" or "count") value = $"COALESCE({value}, 0)";
            return $"(SELECT {value} FROM {Q(child.Table)} c WHERE c.{Q(rel.Field!)} = {alias}.{Q("id")} AND c.{Q("deleted_at")} IS NULL)";
        }
        return $"{alias}.{Q(field.Key)}";
    }

    /// <summary>A filter value converted to what the column stores, or a 400 naming the filter path.</summary>
    public object? Value(ResolvedField f, JsonNode? value, string where)
    {
        if (value is null) return null;
        var column = f.Field.Rollup is not null ? SqlType.Decimal : f.Field.Kind.Column(f.Field) ?? SqlType.Text;
        var ok = value is JsonValue v ? v.GetValueKind() : JsonValueKind.Undefined;
        switch (column)
        {
            case SqlType.Text or SqlType.LongText or SqlType.Id:
                if (ok == JsonValueKind.String) return value.GetValue<string>();
                break;
            case SqlType.Integer or SqlType.Double or SqlType.Decimal:
                if (ok == JsonValueKind.Number && (value.AsValue().TryGetValue<decimal>(out var d) || decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d)))
                    return column == SqlType.Integer ? d == decimal.Truncate(d) && d <= long.MaxValue && d >= long.MinValue ? (long)d : throw ValidationFailedException.For(where, "Expected a whole number.")
                        : column == SqlType.Double ? (double)d : d;
                break;
            case SqlType.Boolean:
                if (ok is JsonValueKind.True or JsonValueKind.False) return value.GetValue<bool>();
                break;
            case SqlType.Date:
                if (ok == JsonValueKind.String && DateOnly.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd", out var date)) return date;
                break;
            case SqlType.DateTime:
                if (ok == JsonValueKind.String)
                {
                    var s = value.GetValue<string>();
                    if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", out var day)) return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    var errors = new List<string>();
                    if (Models.FieldTypes.FieldTypeRegistry.Get("datetime").ToDb(value, f.Field, errors) is DateTimeOffset dt) return dt;
                }
                break;
        }
        throw ValidationFailedException.For(where, $"The value does not fit field '{f.Path}' ({f.Field.Type}).");
    }
}
