using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Security;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RoleAccessPolicyTests(string provider)
{
    private const string App = PermissionTestApp.Key;
    private Database _db = null!;
    private AppStore _apps = null!;
    private DepartmentStore _departments = null!;
    private RoleAccessPolicy _policy = null!;
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private Department _hq = null!, _east = null!, _east1 = null!, _west = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(_db);
        _apps = new AppStore(_db);
        await _apps.ImportAsync(PermissionTestApp.Package(), null);
        _departments = new DepartmentStore(_db);
        _hq = await _departments.CreateAsync("总部", null, null);
        _east = await _departments.CreateAsync("华东", _hq.Id, null);
        _east1 = await _departments.CreateAsync("华东一组", _east.Id, null);
        _west = await _departments.CreateAsync("华西", _hq.Id, null);
        _policy = new RoleAccessPolicy(_db, new RoleDefinitionCache(_db, _apps), _departments, _clock);
    }

    private static Caller User(string? department, params string[] roles) =>
        new("u-" + string.Join("-", roles), "someone", false, department, roles.Select(r => $"{App}/{r}").ToList());

    private Task<ModelAccess> Deal(Caller caller) => _policy.ForModelAsync(caller, App, "deal");

    private static JsonNode Json(string s) => JsonNode.Parse(s)!;

    private static void AssertJson(JsonNode? actual, string expected) =>
        Assert.That(JsonNode.DeepEquals(actual, Json(expected)), Is.True, $"got {actual?.ToJsonString()}, expected {expected}");

    [Test]
    public async Task Own_scope_filters_on_the_owner_column_with_the_callers_id()
    {
        var rep = User(_east1.Id, "rep");
        var access = await Deal(rep);
        Assert.That(access.Actions, Is.EquivalentTo(new[] { ModelAction.Create, ModelAction.Read, ModelAction.Update }));
        AssertJson(access.RowFilter, $$"""{"field":"owner","op":"eq","value":"{{rep.UserId}}"}""");
    }

    [Test]
    public async Task Department_scope_filters_on_the_callers_department_only()
    {
        AssertJson((await Deal(User(_east.Id, "deptonly"))).RowFilter, $$"""{"field":"department","op":"eq","value":"{{_east.Id}}"}""");
    }

    [Test]
    public async Task Department_and_below_scope_lists_the_department_and_every_department_under_it()
    {
        var access = await Deal(User(_east.Id, "lead"));
        Assert.That(access.RowFilter!["field"]!.GetValue<string>(), Is.EqualTo("department"));
        Assert.That(access.RowFilter["op"]!.GetValue<string>(), Is.EqualTo("in"));
        Assert.That(access.RowFilter["value"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EquivalentTo(new[] { _east.Id, _east1.Id }));
        Assert.That(access.Can(ModelAction.Export), Is.True);
        Assert.That(access.Can(ModelAction.Update), Is.False);
    }

    [Test]
    public async Task All_scope_has_no_row_filter()
    {
        Assert.That((await Deal(User(_hq.Id, "director"))).RowFilter, Is.Null);
    }

    [Test]
    public async Task Custom_filter_placeholders_are_resolved_and_the_department_list_is_spliced_in()
    {
        var channel = User(_east.Id, "channel");
        var filter = (await Deal(channel)).RowFilter!;
        Assert.That(filter.ToJsonString(), Does.Not.Contain("$current"));
        AssertJson(filter["or"]![0], $$"""{"field":"owner","op":"eq","value":"{{channel.UserId}}"}""");
        var below = filter["or"]![1]!["and"]![0]!["value"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.That(below, Is.EquivalentTo(new[] { _east.Id, _east1.Id }));
        AssertJson(filter["or"]![1]!["and"]![1], """{"field":"amount","op":"gte","value":1000}""");
    }

    [Test]
    public async Task A_caller_without_a_department_gets_no_rows_from_department_scopes()
    {
        Assert.That(RowScopeFilter.IsNoRows((await Deal(User(null, "deptonly"))).RowFilter), Is.True);
        Assert.That(RowScopeFilter.IsNoRows((await Deal(User(null, "lead"))).RowFilter), Is.True);
        Assert.That(RowScopeFilter.IsNoRows((await Deal(User(null, "channel"))).RowFilter), Is.True);
        // An own scope still works without a department, and the no-row part drops out of the union.
        var repAndLead = User(null, "rep", "lead");
        AssertJson((await Deal(repAndLead)).RowFilter, $$"""{"field":"owner","op":"eq","value":"{{repAndLead.UserId}}"}""");
    }

    [Test]
    public async Task Roles_add_up_row_scopes_are_ored_and_all_wins()
    {
        var repAndDept = User(_west.Id, "rep", "deptonly");
        AssertJson((await Deal(repAndDept)).RowFilter,
            $$"""{"or":[{"field":"owner","op":"eq","value":"{{repAndDept.UserId}}"},{"field":"department","op":"eq","value":"{{_west.Id}}"}]}""");
        var repAndDirector = await Deal(User(_west.Id, "rep", "director"));
        Assert.That(repAndDirector.RowFilter, Is.Null);
        Assert.That(repAndDirector.Actions, Is.EquivalentTo(new[] { ModelAction.Create, ModelAction.Read, ModelAction.Update, ModelAction.Export }));
    }

    [Test]
    public async Task Each_action_keeps_the_scope_of_the_roles_that_grant_it()
    {
        // A lead who is also a rep reads the department tree but updates only their own deals.
        var caller = User(_east.Id, "rep", "lead");
        var access = await Deal(caller);
        Assert.That(access.RowFilter!["or"]!.AsArray(), Has.Count.EqualTo(2));
        AssertJson(access.RowFilterFor(ModelAction.Update), $$"""{"field":"owner","op":"eq","value":"{{caller.UserId}}"}""");
        Assert.That(access.RowFilterFor(ModelAction.Export)!["op"]!.GetValue<string>(), Is.EqualTo("in"));
    }

    [Test]
    public async Task Channel_staff_see_rebate_rate_read_only_but_never_cost_price()
    {
        var access = await Deal(User(_east.Id, "channel"));
        Assert.That(access.Field("cost_price"), Is.EqualTo(FieldAccess.Hidden));
        Assert.That(access.Field("rebate_rate"), Is.EqualTo(FieldAccess.ReadOnly));
        Assert.That(access.Field("title"), Is.EqualTo(FieldAccess.ReadOnly));
        Assert.That(access.Field("amount"), Is.EqualTo(FieldAccess.Editable));
    }

    [Test]
    public async Task A_field_is_hidden_only_when_every_reading_role_hides_it()
    {
        // rep hides cost_price and rebate_rate; channel hides cost_price but shows rebate_rate.
        var repChannel = await Deal(User(_east.Id, "rep", "channel"));
        Assert.That(repChannel.Field("cost_price"), Is.EqualTo(FieldAccess.Hidden));
        // rebate_rate: visible through channel (read-only there), hidden for rep, who may edit it but cannot see it: read-only.
        Assert.That(repChannel.Field("rebate_rate"), Is.EqualTo(FieldAccess.ReadOnly));
        // title: read-only for channel, unlisted (editable) for rep, who updates: editable.
        Assert.That(repChannel.Field("title"), Is.EqualTo(FieldAccess.Editable));

        // Finance shows cost_price read-only: together with channel it is visible, still not editable.
        var channelFinance = await Deal(User(_east.Id, "channel", "finance"));
        Assert.That(channelFinance.Field("cost_price"), Is.EqualTo(FieldAccess.ReadOnly));
        Assert.That(channelFinance.Field("title"), Is.EqualTo(FieldAccess.ReadOnly));

        // Director lists no fields: everything visible; without a write action nothing is made hidden.
        var leadDirector = await Deal(User(_east.Id, "lead", "director"));
        Assert.That(leadDirector.Field("cost_price"), Is.Not.EqualTo(FieldAccess.Hidden));
    }

    [Test]
    public async Task Administrators_and_the_system_see_everything()
    {
        var admin = new Caller("a", "admin", true, null, ["admin"]);
        Assert.That(await _policy.ForModelAsync(admin, App, "deal"), Is.SameAs(ModelAccess.Everything));
        Assert.That(await _policy.ForModelAsync(Caller.System, App, "note"), Is.SameAs(ModelAccess.Everything));
    }

    [Test]
    public async Task Unknown_models_apps_roles_and_callers_without_roles_get_nothing()
    {
        Assert.That(await _policy.ForModelAsync(User(_east.Id, "director"), App, "no_such_model"), Is.SameAs(ModelAccess.Nothing));
        Assert.That(await _policy.ForModelAsync(User(_east.Id, "director"), "no-such-app", "deal"), Is.SameAs(ModelAccess.Nothing));
        Assert.That(await Deal(User(_east.Id)), Is.SameAs(ModelAccess.Nothing));
        Assert.That(await Deal(User(_east.Id, "ghost-role")), Is.SameAs(ModelAccess.Nothing));
        // A role of another app grants nothing here.
        var other = new Caller("x", "x", false, _east.Id, ["other-app/director"]);
        Assert.That(await Deal(other), Is.SameAs(ModelAccess.Nothing));
        // The rep role defines nothing for notes.
        Assert.That(await _policy.ForModelAsync(User(_east.Id, "rep"), App, "note"), Is.SameAs(ModelAccess.Nothing));
    }

    [Test]
    public async Task Moving_a_department_changes_and_below_at_once()
    {
        var lead = User(_west.Id, "lead");
        var extra = await _departments.CreateAsync("临时组", _east.Id, null);
        Assert.That((await Deal(lead)).RowFilter!["value"]!.AsArray().Select(v => v!.GetValue<string>()), Does.Not.Contain(extra.Id));
        await _departments.MoveAsync(extra.Id, _west.Id);
        Assert.That((await Deal(lead)).RowFilter!["value"]!.AsArray().Select(v => v!.GetValue<string>()), Does.Contain(extra.Id));
        await _departments.MoveAsync(extra.Id, _east.Id);
    }

    [Test]
    public async Task A_role_changed_through_this_process_applies_on_the_next_call()
    {
        var key = "perm-local-" + provider;
        await _apps.ImportAsync(PermissionTestApp.Package(key), null);
        var rep = new Caller("r", "r", false, _east.Id, [$"{key}/rep"]);
        Assert.That((await _policy.ForModelAsync(rep, key, "deal")).Field("cost_price"), Is.EqualTo(FieldAccess.Hidden));

        var role = (JsonObject)(await _apps.GetPackageAsync(key))["roles"]![0]!.DeepClone();
        role["permissions"]!["deal"]!["fields"] = new JsonObject();
        role["permissions"]!["deal"]!["rowScope"] = "all";
        await new RoleDefinitionStore(_db).PutAsync(key, role["key"]!.GetValue<string>(), role);

        var changed = await _policy.ForModelAsync(rep, key, "deal");
        Assert.That(changed.Field("cost_price"), Is.EqualTo(FieldAccess.Editable));
        Assert.That(changed.RowFilter, Is.Null);
    }

    [Test]
    public async Task A_role_changed_by_another_node_applies_once_the_cached_access_is_older_than_its_max_age()
    {
        var key = "perm-cache-" + provider;
        await _apps.ImportAsync(PermissionTestApp.Package(key), null);
        var rep = new Caller("r", "r", false, _east.Id, [$"{key}/rep"]);
        Assert.That((await _policy.ForModelAsync(rep, key, "deal")).Field("cost_price"), Is.EqualTo(FieldAccess.Hidden));

        // Another node writes the package straight to the shared database: this process is not told.
        var package = await _apps.GetPackageAsync(key);
        package["roles"]![0]!["permissions"]!["deal"]!["fields"] = new JsonObject();
        package["roles"]![0]!["permissions"]!["deal"]!["rowScope"] = "all";
        await using (var c = await _db.OpenAsync())
            await c.ExecuteAsync($"UPDATE lc_apps SET package = @p, version = version + 1 WHERE {_db.Dialect.Quote("key")} = @key",
                new { p = package.ToJsonString(), key });
        Assert.That((await _policy.ForModelAsync(rep, key, "deal")).Field("cost_price"), Is.EqualTo(FieldAccess.Hidden), "still within the bound");

        _clock.Advance(ModelAccessCache.MaxAge);
        var changed = await _policy.ForModelAsync(rep, key, "deal");
        Assert.That(changed.Field("cost_price"), Is.EqualTo(FieldAccess.Editable));
        Assert.That(changed.RowFilter, Is.Null);
    }

    [Test]
    public async Task A_caller_whose_roles_or_department_changed_gets_their_new_access_at_once()
    {
        var before = new Caller("same-user", "s", false, _east.Id, [$"{App}/rep"]);
        Assert.That((await Deal(before)).Can(ModelAction.Create), Is.True);
        Assert.That((await Deal(before with { Roles = [$"{App}/director"] })).Can(ModelAction.Create), Is.False);
        AssertJson((await Deal(new Caller("same-user", "s", false, _west.Id, [$"{App}/deptonly"]))).RowFilter,
            $$"""{"field":"department","op":"eq","value":"{{_west.Id}}"}""");
    }
}
