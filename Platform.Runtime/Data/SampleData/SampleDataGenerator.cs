using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Apps;
using Platform.Runtime.Expressions;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data.SampleData;

/// <summary>What a run created: departments, users and records per model, and how long it took.</summary>
public sealed record SampleDataReport(int Departments, int Users, IReadOnlyDictionary<string, int> Records, double Seconds)
{
    public JsonObject ToJson() => new()
    {
        ["departments"] = Departments,
        ["users"] = Users,
        ["records"] = new JsonObject(Records.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))),
        ["seconds"] = Math.Round(Seconds, 2),
    };
}

/// <summary>
/// Fills an app with a realistic organisation and data from a JSON spec (docs/sample-data.md):
/// a department tree, users with app roles, then records per model whose field values come from
/// generators. The same spec and seed give the same values. Everything is generated and checked
/// against the models before anything is written; records go in through the record store in
/// bulk (so audit, formulas and workflow triggers apply), owned by generated users.
/// </summary>
public sealed class SampleDataGenerator(ModelCatalog catalog, AppStore apps, RecordStore store, IAccessPolicy policy,
    UserStore users, DepartmentStore departments, RoleMembershipStore memberships, TimeProvider clock, IExpressionEvaluator evaluator)
{
    public const int ChunkSize = 1000;
    public const int MaxRecords = 500_000;

    private sealed record DepartmentPlan(string Key, string Name, string? ParentKey, string Placeholder);
    private sealed record RecordPlan(string Model, List<JsonObject> Bodies);

    /// <param name="scale">Multiplies the record counts (e.g. 0.01 for a quick run).</param>
    /// <param name="userScale">Multiplies the user counts (departments and per-department users are kept).</param>
    public async Task<SampleDataReport> GenerateAsync(string app, JsonObject spec, double scale = 1, double userScale = 1, string? grantedBy = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        if (scale is <= 0 or > 10 || userScale is <= 0 or > 10) throw ValidationFailedException.For("scale", "scale and userScale are between 0 and 10.");
        var compiled = await catalog.GetAsync(app, ct);
        var package = await apps.GetPackageAsync(app, ct);
        var appRoles = AppPackage.Section(package, "roles").Select(r => r?["key"]?.ToString()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();

        var seed = spec["seed"] is JsonValue sv && sv.TryGetValue<int>(out var s) ? s : 1;
        var today = spec["today"] is JsonValue tv && DateOnly.TryParseExact(tv.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var context = new ValueGenerator.Context(new Random(seed), today, evaluator, errors);
        var ids = new Random(unchecked(seed * 31 + 7));
        var password = spec["password"]?.ToString() ?? Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        if (UserStore.PasswordProblem(password) is { } pp) errors["password"] = [pp];

        // Departments: a tree of {key, name, children}.
        var deptPlans = new List<DepartmentPlan>();
        void Walk(JsonNode? node, string? parent, string path)
        {
            if (node is null) return;
            if (node is not JsonArray list) { errors[path] = ["departments is a list of {key, name, children}."]; return; }
            for (var i = 0; i < list.Count; i++)
            {
                var d = list[i] as JsonObject;
                var key = d?["key"]?.ToString();
                var name = d?["name"]?.ToString();
                if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(name)) { errors[$"{path}[{i}]"] = ["A department needs a key and a name."]; continue; }
                if (deptPlans.Any(p => p.Key == key)) { errors[$"{path}[{i}].key"] = [$"Department key '{key}' is used twice."]; continue; }
                deptPlans.Add(new DepartmentPlan(key, name, parent, "sample-dept-" + deptPlans.Count.ToString(CultureInfo.InvariantCulture)));
                Walk(d!["children"], key, $"{path}[{i}].children");
            }
        }
        Walk(spec["departments"], null, "departments");
        var deptByKey = deptPlans.ToDictionary(d => d.Key);

        // Users: groups of {roles, count | perDepartment, departments, userName, displayName, head}.
        var slots = new List<UserSlot>();
        var heads = new Dictionary<string, UserSlot>();
        var existing = (await users.ListAsync(ct)).Select(u => u.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var userGroups = spec["users"] as JsonArray ?? [];
        for (var g = 0; g < userGroups.Count; g++)
        {
            var path = $"users[{g}]";
            if (userGroups[g] is not JsonObject group) { errors[path] = ["A user group is an object."]; continue; }
            var roles = (group["roles"] as JsonArray ?? []).Select(r => r?.ToString() ?? "").ToList();
            foreach (var r in roles.Where(r => !appRoles.Contains(r))) errors[path + ".roles"] = [$"The app has no role '{r}'."];
            var deptKeys = (group["departments"] as JsonArray ?? []).Select(d => d?.ToString() ?? "").ToList();
            foreach (var d in deptKeys.Where(d => !deptByKey.ContainsKey(d))) errors[path + ".departments"] = [$"No department '{d}' in the spec."];
            var perDepartment = group["perDepartment"]?.GetValue<bool>() == true;
            var count = group["count"] is JsonValue cv && cv.TryGetValue<int>(out var c) ? c : 1;
            var total = perDepartment ? deptKeys.Count * count : Scaled(count, userScale);
            var userName = group["userName"]?.ToString() ?? "";
            if (!userName.Contains("{n") && !(perDepartment && count == 1 && userName.Contains("{department}")) && total > 1) errors[path + ".userName"] = ["userName needs {n} (e.g. \"rep{n:00}\") when the group has several users."];
            var display = group["displayName"] is { } dn ? ValueGenerator.Parse(dn, null, path + ".displayName", errors, [], []) : null;
            for (var i = 0; i < total; i++)
            {
                var dept = deptKeys.Count == 0 ? null : deptKeys[perDepartment ? i / count : i % deptKeys.Count];
                context.Number = i + 1;
                var name = userName.Replace("{department}", dept ?? "");
                name = (string)ValueGenerator.Parse(new JsonObject { ["text"] = name }, null, path, errors, [], []).Next(context)!;
                if (existing.Contains(name) || slots.Any(x => x.UserName.Equals(name, StringComparison.OrdinalIgnoreCase)))
                { errors[path + ".userName"] = [$"The user name '{name}' is taken: sample data was generated already, or choose other names."]; break; }
                var slot = new UserSlot(slots.Count, name, display?.Next(context)?.ToString(), dept, roles);
                slots.Add(slot);
                foreach (var r in roles)
                {
                    if (!context.UsersByRole.TryGetValue(r, out var list)) context.UsersByRole[r] = list = [];
                    list.Add(slot);
                }
                if (group["head"]?.GetValue<bool>() == true && dept is not null) heads.TryAdd(dept, slot);
            }
        }

        // Records: {model, count, owner: {role, pool}, fields: {field: generator}} in order; relations point to earlier ones.
        var plans = new List<RecordPlan>();
        var generatedModels = new List<string>();
        var recordSpecs = spec["records"] as JsonArray ?? [];
        var totalRecords = 0;
        for (var r = 0; r < recordSpecs.Count; r++)
        {
            var path = $"records[{r}]";
            var errorsBefore = errors.Count;
            if (recordSpecs[r] is not JsonObject rs) { errors[path] = ["A record group is an object."]; continue; }
            var modelKey = rs["model"]?.ToString() ?? "";
            if (!compiled.Models.TryGetValue(modelKey, out var model)) { errors[path + ".model"] = [$"The app has no model '{modelKey}'."]; continue; }
            var count = Scaled(rs["count"] is JsonValue cv && cv.TryGetValue<int>(out var c) ? c : 0, scale);
            if ((totalRecords += count) > MaxRecords) { errors[path + ".count"] = [$"At most {MaxRecords} records per run."]; break; }
            var generators = new List<(string Key, ValueGenerator Generator)>();
            foreach (var (key, g) in rs["fields"] as JsonObject ?? [])
            {
                var field = model.Field(key);
                if (field is null) { errors[$"{path}.fields.{key}"] = [$"'{key}' is not a field of '{modelKey}'."]; continue; }
                generators.Add((key, ValueGenerator.Parse(g, field, $"{path}.fields.{key}", errors, generatedModels, context.UsersByRole.Keys)));
            }
            var ownerRole = rs["owner"]?["role"]?.ToString();
            var pool = rs["owner"]?["pool"] is JsonValue pv && pv.TryGetValue<double>(out var p) ? p : 0;
            if (ownerRole is not null && !context.UsersByRole.ContainsKey(ownerRole)) errors[path + ".owner.role"] = [$"No generated users hold the role '{ownerRole}'."];
            if (errors.Count > errorsBefore) { generatedModels.Add(modelKey); continue; }

            var bodies = new List<JsonObject>(count);
            var modelIds = context.RecordIds[modelKey] = context.RecordIds.GetValueOrDefault(modelKey) ?? [];
            for (var i = 0; i < count; i++)
            {
                context.Number = i + 1;
                var body = new JsonObject { ["id"] = NewId(ids) };
                context.Current = body;
                foreach (var (key, generator) in generators)
                    if (generator.Next(context) is { } value) body[key] = value;
                if (ownerRole is not null)
                {
                    // The owner comes from the role; the record sits in the owner's department, so department scopes see it.
                    var owners = context.UsersByRole[ownerRole];
                    var owner = owners[context.Random.Next(owners.Count)];
                    var inPool = pool > 0 && context.Random.NextDouble() < pool;
                    body["owner"] = inPool ? null : owner.Placeholder;
                    body["department"] = owner.DepartmentKey is { } dk ? deptByKey[dk].Placeholder : null;
                }
                bodies.Add(body);
                modelIds.Add(body["id"]!.ToString());
            }
            var access = await policy.ForModelAsync(Caller.System, app, modelKey, ct);
            for (var i = 0; i < bodies.Count && errors.Count < 20; i++)
                RecordInput.Prepare(model, access, bodies[i], create: true, errors, $"{path}.generated[{i}].");
            plans.Add(new RecordPlan(modelKey, bodies));
            generatedModels.Add(modelKey);
        }
        if (errors.Count > 0) throw new ValidationFailedException("The sample-data spec cannot be used; nothing was generated.", errors);

        // Nothing refused: write departments, users, memberships, then the records.
        var real = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in deptPlans)
        {
            var created = await departments.CreateAsync(d.Name, d.ParentKey is null ? null : real[deptByKey[d.ParentKey].Placeholder], null, ct);
            real[d.Placeholder] = created.Id;
        }
        foreach (var slot in slots)
        {
            var deptId = slot.DepartmentKey is null ? null : real[deptByKey[slot.DepartmentKey].Placeholder];
            var user = await users.CreateAsync(slot.UserName, password, new UserChanges(slot.DisplayName, null, deptId, false), ct);
            real[slot.Placeholder] = slot.Id = user.Id;
            foreach (var role in slot.Roles) await memberships.GrantAsync(app, role, user.Id, grantedBy, ct);
        }
        foreach (var (deptKey, head) in heads)
            await departments.UpdateAsync(real[deptByKey[deptKey].Placeholder], deptByKey[deptKey].Name, head.Id, ct);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            foreach (var body in plan.Bodies) Resolve(body, real);
            foreach (var chunk in plan.Bodies.Chunk(ChunkSize))
                await store.CreateManyAsync(Caller.System, app, plan.Model, chunk, ct);
            counts[plan.Model] = counts.GetValueOrDefault(plan.Model) + plan.Bodies.Count;
        }
        return new SampleDataReport(deptPlans.Count, slots.Count, counts, watch.Elapsed.TotalSeconds);
    }

    private static int Scaled(int count, double factor) => count <= 0 ? 0 : Math.Max(1, (int)Math.Ceiling(count * factor));

    private static string NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>Replaces user and department placeholders with the ids created for them, in the record and its lines.</summary>
    private static void Resolve(JsonObject body, IReadOnlyDictionary<string, string> real)
    {
        foreach (var key in body.Select(p => p.Key).ToList())
        {
            switch (body[key])
            {
                case JsonValue v when v.TryGetValue<string>(out var text) && real.TryGetValue(text, out var id):
                    body[key] = id;
                    break;
                case JsonArray lines:
                    foreach (var line in lines.OfType<JsonObject>()) Resolve(line, real);
                    break;
            }
        }
    }
}
