using System.Text.Json.Nodes;
using Platform.Runtime.Apps;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Security;

public class RoleDefinitionTests
{
    private static JsonObject WithRole(string roleJson)
    {
        var package = PermissionTestApp.Package();
        package["roles"] = new JsonArray(JsonNode.Parse(roleJson));
        return package;
    }

    private static IDictionary<string, string[]> Errors(string roleJson) =>
        Assert.Throws<ValidationFailedException>(() => RoleDefinition.ParseAll(WithRole(roleJson)))!.Errors;

    [Test]
    public void The_sales_shaped_roles_parse()
    {
        var roles = RoleDefinition.ParseAll(PermissionTestApp.Package()).ToDictionary(r => r.Key);
        Assert.That(roles.Keys, Is.EquivalentTo(new[] { "rep", "lead", "director", "deptonly", "channel", "finance" }));
        Assert.That(roles["lead"].Permissions["deal"].RowScope, Is.EqualTo(RowScope.DepartmentAndBelow));
        Assert.That(roles["channel"].Permissions["deal"].Field("cost_price"), Is.EqualTo(FieldAccess.Hidden));
        Assert.That(roles["channel"].Permissions["deal"].Field("rebate_rate"), Is.EqualTo(FieldAccess.ReadOnly));
        Assert.That(roles["rep"].NameEn, Is.EqualTo("Sales rep"));
    }

    [Test]
    public void Every_mistake_is_named_by_its_path()
    {
        var errors = Errors("""
        { "key": "bad role", "permissions": {
            "deal": { "actions": ["read", "fly"], "rowScope": "mine", "fields": { "cost_price": "invisible", "nope": "hidden" } },
            "ghost": { "actions": ["read"] } } }
        """);
        Assert.That(errors.Keys, Is.SupersetOf(new[]
        {
            "roles[0].key", "roles[0].name", "roles[0].permissions.deal.actions", "roles[0].permissions.deal.rowScope",
            "roles[0].permissions.deal.fields.cost_price", "roles[0].permissions.deal.fields.nope", "roles[0].permissions.ghost",
        }));
        Assert.That(errors["roles[0].permissions.deal.actions"][0], Does.Contain("fly"));
    }

    [Test]
    public void Custom_scopes_need_a_well_formed_filter_with_known_placeholders()
    {
        Assert.That(Errors("""{ "key": "x", "name": "X", "permissions": { "deal": { "actions": ["read"], "rowScope": "custom" } } }"""),
            Contains.Key("roles[0].permissions.deal.filter"));
        var errors = Errors("""
        { "key": "x", "name": "X", "permissions": { "deal": { "actions": ["read"], "rowScope": "custom",
          "filter": { "and": [ { "field": "owner", "op": "eq", "value": "$currentBoss" },
                               { "field": "department", "op": "eq", "value": "$currentDepartmentAndBelow" },
                               { "field": "amount", "op": "approx", "value": 1 },
                               { "field": "no_field", "op": "eq", "value": 1 } ] } } } }
        """);
        Assert.That(errors["roles[0].permissions.deal.filter.and[0].value"][0], Does.Contain("$currentBoss"));
        Assert.That(errors["roles[0].permissions.deal.filter.and[1].value"][0], Does.Contain("'in'"));
        Assert.That(errors, Contains.Key("roles[0].permissions.deal.filter.and[2].op"));
        Assert.That(errors, Contains.Key("roles[0].permissions.deal.filter.and[3].field"));
        Assert.That(Errors("""{ "key": "x", "name": "X", "permissions": { "deal": { "rowScope": "own", "filter": {} } } }"""),
            Contains.Key("roles[0].permissions.deal.filter"));
    }

    [Test]
    public void Duplicate_role_keys_are_refused()
    {
        var package = PermissionTestApp.Package();
        package["roles"]!.AsArray().Add(JsonNode.Parse("""{ "key": "rep", "name": "again" }"""));
        var errors = Assert.Throws<ValidationFailedException>(() => RoleDefinition.ParseAll(package))!.Errors;
        Assert.That(errors["roles[6].key"][0], Does.Contain("twice"));
    }

    [Test]
    public void A_package_with_invalid_roles_is_refused_at_import()
    {
        var errors = Assert.Throws<ValidationFailedException>(() => AppPackage.Validate(WithRole("""{ "key": "r", "name": "R", "permissions": { "deal": { "rowScope": "everyone" } } }""")))!.Errors;
        Assert.That(errors, Contains.Key("roles[0].permissions.deal.rowScope"));
    }
}
