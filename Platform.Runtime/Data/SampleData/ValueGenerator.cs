using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Runtime.Expressions;
using Platform.Runtime.Models;

namespace Platform.Runtime.Data.SampleData;

/// <summary>
/// One value generator of a sample-data spec (docs/sample-data.md), e.g. <c>{"pick": "options"}</c>,
/// <c>{"range": [1, 5]}</c>, <c>{"date": ["-365d", "0d"]}</c>, <c>{"relation": "customer"}</c>,
/// <c>{"user": "rep"}</c>, <c>{"text": "客户{n:0000}"}</c>, <c>{"concat": [...]}</c>,
/// <c>{"chance": 0.3, "then": {...}}</c>, <c>{"value": …}</c>, <c>{"lines": {"count": [1, 3], "fields": {...}}}</c>,
/// <c>{"expr": "quantity * unit_price"}</c>.
/// Parsed once and checked against the field it fills; values come from the generator's seeded random.
/// </summary>
public abstract partial class ValueGenerator
{
    /// <summary>What a generator may draw on: the seeded random, the record number, the anchor date and earlier records and users.</summary>
    public sealed class Context(Random random, DateOnly today, IExpressionEvaluator? evaluator = null, IDictionary<string, string[]>? errors = null)
    {
        public IExpressionEvaluator? Evaluator { get; } = evaluator;
        /// <summary>Where a generator that fails on a record (an expr) reports it, by spec path.</summary>
        public IDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
        /// <summary>The record (or sub-table line) being generated: what an expr generator reads.</summary>
        public JsonObject Current { get; set; } = [];
        public Random Random { get; } = random;
        public DateOnly Today { get; } = today;
        public int Number { get; set; }
        public Dictionary<string, List<string>> RecordIds { get; } = new(StringComparer.Ordinal);
        /// <summary>User slots per app role; a slot's id is known once the users exist.</summary>
        public Dictionary<string, List<UserSlot>> UsersByRole { get; } = new(StringComparer.Ordinal);
    }

    public abstract JsonNode? Next(Context context);

    public static ValueGenerator Parse(JsonNode? node, FieldDefinition? field, string path, IDictionary<string, string[]> errors, ICollection<string> knownModels, ICollection<string> knownRoles)
    {
        if (node is not JsonObject o || o.Count == 0)
            return Fail(errors, path, "A generator is an object such as {\"pick\": \"options\"}, {\"range\": [1, 5]} or {\"text\": \"…{n}\"}.");
        if (o.ContainsKey("chance"))
        {
            var p = Number(o["chance"]);
            if (p is null or < 0 or > 1) return Fail(errors, path + ".chance", "chance is a probability between 0 and 1.");
            return new Chance(p.Value, Parse(o["then"], field, path + ".then", errors, knownModels, knownRoles));
        }
        var (kind, arg) = o.First();
        switch (kind)
        {
            case "value":
                return new Constant(arg?.DeepClone());
            case "pick":
                var choices = arg is JsonValue v && v.ToString() == "options" ? field?.Options.Select(x => (JsonNode?)JsonValue.Create(x.Value)).ToList()
                    : (arg as JsonArray)?.Select(x => x?.DeepClone()).ToList();
                if (choices is null || choices.Count == 0) return Fail(errors, path + ".pick", "pick takes a non-empty list, or \"options\" on a select field.");
                var weights = (o["weights"] as JsonArray)?.Select(Number).ToList();
                if (weights is not null && (weights.Count != choices.Count || weights.Any(w => w is null or < 0) || weights.Sum() <= 0))
                    return Fail(errors, path + ".weights", "weights need one non-negative number per choice.");
                return new Pick(choices, weights?.Select(w => w!.Value).ToList());
            case "pickMany":
                var many = field?.Options.Select(x => x.Value).ToList() ?? [];
                if (arg?.ToString() != "options" || many.Count == 0) return Fail(errors, path + ".pickMany", "pickMany takes \"options\" on a multi-select field.");
                return new PickMany(many, (int)(Number(o["max"]) ?? many.Count));
            case "range":
                if (arg is not JsonArray r || r.Count != 2 || Number(r[0]) is not { } lo || Number(r[1]) is not { } hi || lo > hi)
                    return Fail(errors, path + ".range", "range is [min, max] with min ≤ max.");
                var decimals = (int)(Number(o["decimals"]) ?? (field?.Integer == true || field?.Type == "rating" ? 0 : 2));
                return new Range(lo, hi, Math.Clamp(decimals, 0, 8));
            case "date":
                if (arg is not JsonArray d || d.Count != 2 || Offset(d[0]) is not { } from || Offset(d[1]) is not { } to || from > to)
                    return Fail(errors, path + ".date", "date is [from, to] as day offsets from today, e.g. [\"-365d\", \"0d\"].");
                return new DateWindow(from, to, field?.Type == "datetime");
            case "relation":
                var model = arg?.ToString() ?? "";
                if (!knownModels.Contains(model)) return Fail(errors, path + ".relation", $"'{model}' is not a model generated before this one.");
                return new RelationPick(model);
            case "user":
                var role = arg?.ToString() ?? "";
                if (!knownRoles.Contains(role)) return Fail(errors, path + ".user", $"No generated users hold the role '{role}'.");
                return new UserPick(role);
            case "text":
                return new Text(arg?.ToString() ?? "");
            case "concat":
                if (arg is not JsonArray parts || parts.Count == 0) return Fail(errors, path + ".concat", "concat takes a list of generators.");
                return new Concat(parts.Select((x, i) => Parse(x, null, $"{path}.concat[{i}]", errors, knownModels, knownRoles)).ToList());
            case "lines":
                if (field?.SubFields is null || arg is not JsonObject lo2 || lo2["fields"] is not JsonObject lf
                    || lo2["count"] is not JsonArray lc || lc.Count != 2 || Number(lc[0]) is not { } cmin || Number(lc[1]) is not { } cmax || cmin < 0 || cmin > cmax)
                    return Fail(errors, path + ".lines", "lines is {count: [min, max], fields: {…}} on a sub-table field.");
                var sub = new Dictionary<string, ValueGenerator>();
                foreach (var (k, g) in lf)
                {
                    var sf = field.SubFields.FirstOrDefault(x => x.Key == k);
                    if (sf is null) { errors[$"{path}.lines.fields.{k}"] = [$"'{k}' is not a field of the sub-table."]; continue; }
                    sub[k] = Parse(g, sf, $"{path}.lines.fields.{k}", errors, knownModels, knownRoles);
                }
                return new Lines((int)cmin, (int)cmax, sub);
            case "expr":
                var expression = arg is JsonValue ev && ev.GetValueKind() == System.Text.Json.JsonValueKind.String ? ev.GetValue<string>() : null;
                if (ExpressionSyntax.Problem(expression, []) is { } problem) return Fail(errors, path + ".expr", problem);
                return new Expr(expression!, path + ".expr");
            default:
                return Fail(errors, path, $"Unknown generator '{kind}'. Use value, pick, pickMany, range, date, relation, user, text, concat, chance, lines or expr.");
        }
    }

    private static ValueGenerator Fail(IDictionary<string, string[]> errors, string path, string message)
    {
        errors[path] = [message];
        return new Constant(null);
    }

    private static double? Number(JsonNode? n) =>
        n is JsonValue v && double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    [GeneratedRegex(@"^([+-]?\d+)d$")]
    private static partial Regex DayOffset();

    private static int? Offset(JsonNode? n) => n?.ToString() is { } s && DayOffset().Match(s) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private sealed class Constant(JsonNode? value) : ValueGenerator
    {
        public override JsonNode? Next(Context context) => value?.DeepClone();
    }

    private sealed class Chance(double p, ValueGenerator then) : ValueGenerator
    {
        public override JsonNode? Next(Context context) => context.Random.NextDouble() < p ? then.Next(context) : null;
    }

    private sealed class Pick(List<JsonNode?> choices, List<double>? weights) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            if (weights is null) return choices[context.Random.Next(choices.Count)]?.DeepClone();
            var x = context.Random.NextDouble() * weights.Sum();
            for (var i = 0; i < choices.Count; i++)
                if ((x -= weights[i]) < 0) return choices[i]?.DeepClone();
            return choices[^1]?.DeepClone();
        }
    }

    private sealed class PickMany(List<string> options, int max) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            var n = context.Random.Next(0, Math.Min(max, options.Count) + 1);
            return new JsonArray(options.OrderBy(_ => context.Random.Next()).Take(n).Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
        }
    }

    private sealed class Range(double lo, double hi, int decimals) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            var x = Math.Round(lo + context.Random.NextDouble() * (hi - lo), decimals, MidpointRounding.AwayFromZero);
            return decimals == 0 ? JsonValue.Create((long)x) : JsonValue.Create((decimal)x);
        }
    }

    private sealed class DateWindow(int from, int to, bool withTime) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            var day = context.Today.AddDays(context.Random.Next(from, to + 1));
            if (!withTime) return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(context.Random.Next(0, 24 * 60));
            return at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }

    private sealed class RelationPick(string model) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            var ids = context.RecordIds.GetValueOrDefault(model);
            return ids is null || ids.Count == 0 ? null : ids[context.Random.Next(ids.Count)];
        }
    }

    private sealed class UserPick(string role) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            var slots = context.UsersByRole[role];
            return slots[context.Random.Next(slots.Count)].Placeholder;
        }
    }

    [GeneratedRegex(@"\{n(?::(0+))?\}")]
    private static partial Regex NumberToken();

    private sealed class Text(string pattern) : ValueGenerator
    {
        public override JsonNode? Next(Context context) =>
            NumberToken().Replace(pattern, m => context.Number.ToString(new string('0', Math.Max(1, m.Groups[1].Length)), CultureInfo.InvariantCulture));
    }

    private sealed class Concat(List<ValueGenerator> parts) : ValueGenerator
    {
        public override JsonNode? Next(Context context) => string.Concat(parts.Select(p => p.Next(context)?.ToString() ?? ""));
    }

    private sealed class Lines(int min, int max, Dictionary<string, ValueGenerator> fields) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            var list = new JsonArray();
            for (int i = 0, n = context.Random.Next(min, max + 1); i < n; i++)
            {
                var line = new JsonObject();
                var record = context.Current;
                context.Current = line;
                foreach (var (k, g) in fields)
                    if (g.Next(context) is { } value) line[k] = value;
                context.Current = record;
                list.Add(line);
            }
            return list;
        }
    }

    /// <summary>
    /// A value computed from the fields generated before it in the same record or line (e.g. a line amount
    /// from quantity and price, an order total from its lines), so generated figures add up.
    /// </summary>
    private sealed class Expr(string expression, string path) : ValueGenerator
    {
        public override JsonNode? Next(Context context)
        {
            var variables = context.Current.ToDictionary(p => p.Key, p => RecordVariables.Plain(p.Value));
            try
            {
                return RecordVariables.ToJson(context.Evaluator!.Evaluate(expression, variables));
            }
            catch (ExpressionException e)
            {
                context.Errors.TryAdd(path, [$"Record {context.Number}: {e.Message}"]);
                return null;
            }
        }
    }
}

/// <summary>
/// A generated user: its roles, department and, once created, its id. Records are generated and
/// checked before any user exists, holding <see cref="Placeholder"/> where the user's id goes.
/// </summary>
public sealed class UserSlot(int index, string userName, string? displayName, string? departmentKey, IReadOnlyList<string> roles)
{
    public string Placeholder { get; } = "sample-user-" + index.ToString(CultureInfo.InvariantCulture);
    public string UserName { get; } = userName;
    public string? DisplayName { get; } = displayName;
    public string? DepartmentKey { get; } = departmentKey;
    public IReadOnlyList<string> Roles { get; } = roles;
    public string? Id { get; set; }
    public string? DepartmentId { get; set; }
}
