using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime.Security;
using Platform.Tests;
using static Platform.Api.Tests.Records.TestApp;

namespace Platform.Api.Tests.Records;

/// <summary>
/// A role-like policy for the tests: the user "rep" may read, create and update deals (not delete),
/// sees only the deals they own, never sees "amount" and cannot change "stage"; accounts are read-only.
/// </summary>
public sealed class RepPolicy : IAccessPolicy
{
    public Task<ModelAccess> ForModelAsync(Caller caller, string app, string model, CancellationToken ct = default)
    {
        if (caller.IsAdmin) return Task.FromResult(ModelAccess.Everything);
        return Task.FromResult(model switch
        {
            "deal" => new ModelAccess(new HashSet<ModelAction> { ModelAction.Read, ModelAction.Create, ModelAction.Update },
                JsonNode.Parse($$"""{ "field": "owner", "op": "eq", "value": "{{caller.UserId}}" }"""),
                new Dictionary<string, FieldAccess> { ["amount"] = FieldAccess.Hidden, ["stage"] = FieldAccess.ReadOnly }),
            "account" => new ModelAccess(new HashSet<ModelAction> { ModelAction.Read }, null, new Dictionary<string, FieldAccess> { ["revenue"] = FieldAccess.Hidden }),
            _ => ModelAccess.Nothing,
        });
    }
}

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordAccessTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!, _rep = null!;
    private const string App = "crm-acl";
    private string _adminDeal = "", _repDeal = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider, services: s => s.AddSingleton<IAccessPolicy, RepPolicy>());
        _admin = await _factory.SignedInClientAsync();
        await ImportAsync(_admin, App);
        await _factory.Services.GetRequiredService<UserStore>().CreateAsync("rep", "Rep", "rep-password-1", isAdmin: false);
        _rep = await _factory.SignedInClientAsync("rep", "rep-password-1");
        var account = await CreateAsync(_admin, App, "account", new { name = "宁德", revenue = 5 });
        _adminDeal = (await CreateAsync(_admin, App, "deal", new { title = "admin", amount = 999, account = account["id"]!.GetValue<string>() }))["id"]!.GetValue<string>();
        _repDeal = (await CreateAsync(_rep, App, "deal", new { title = "mine", account = account["id"]!.GetValue<string>() }))["id"]!.GetValue<string>();
        await SendAsync(_admin, HttpMethod.Patch, $"/api/apps/{App}/models/deal/records/{_repDeal}", new { amount = 77 }, ifMatch: "1");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private string Deals => $"/api/apps/{App}/models/deal/records";

    [Test]
    public async Task The_row_filter_limits_what_the_rep_sees_and_hidden_fields_never_appear()
    {
        var page = await QueryAsync(_rep, App, "deal", new { total = true });
        Assert.That(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()), Is.EqualTo(new[] { _repDeal }));
        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(((JsonObject)page["items"]![0]!).ContainsKey("amount"), Is.False);
        var (status, _) = await SendAsync(_rep, HttpMethod.Get, $"{Deals}/{_adminDeal}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), "another owner's record does not exist for the rep");
        (status, var mine) = await SendAsync(_rep, HttpMethod.Get, $"{Deals}/{_repDeal}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(((JsonObject)mine!).ContainsKey("amount"), Is.False);
        (status, var history) = await SendAsync(_rep, HttpMethod.Get, $"{Deals}/{_repDeal}/history");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(history!.ToJsonString(), Does.Not.Contain("\"amount\""), "history hides it too");
        (status, var schema) = await SendAsync(_rep, HttpMethod.Get, $"/api/apps/{App}/models/deal/schema");
        Assert.That(((JsonObject)schema!["properties"]!).ContainsKey("amount"), Is.False);
    }

    [Test]
    public async Task Filtering_sorting_or_grouping_on_a_hidden_field_is_refused_like_an_unknown_field()
    {
        var (s1, hidden) = await SendAsync(_rep, HttpMethod.Post, $"{Deals}/query", new { filter = new { field = "amount", op = "gt", value = 500 } });
        var (s2, unknown) = await SendAsync(_rep, HttpMethod.Post, $"{Deals}/query", new { filter = new { field = "amount2", op = "gt", value = 500 } });
        Assert.That(s1, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(s2, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(hidden)["filter.field"]![0]!.GetValue<string>().Replace("amount", "X"), Is.EqualTo(Errors(unknown)["filter.field"]![0]!.GetValue<string>().Replace("amount2", "X")));
        var (s3, _) = await SendAsync(_rep, HttpMethod.Post, $"{Deals}/query", new { sort = new[] { new { field = "amount", dir = "asc" } } });
        Assert.That(s3, Is.EqualTo(HttpStatusCode.BadRequest));
        var (s4, _) = await SendAsync(_rep, HttpMethod.Post, $"{Deals}/aggregate", new { measures = new[] { new { op = "sum", field = "amount" } } });
        Assert.That(s4, Is.EqualTo(HttpStatusCode.BadRequest));
        var (s5, _) = await SendAsync(_rep, HttpMethod.Post, $"{Deals}/query", new { filter = new { field = "account.revenue", op = "gt", value = 1 } });
        Assert.That(s5, Is.EqualTo(HttpStatusCode.BadRequest), "hidden on the related model too");
        var (s6, agg) = await SendAsync(_rep, HttpMethod.Post, $"{Deals}/aggregate", new { });
        Assert.That(s6, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(agg!["rows"]![0]!["count"]!.GetValue<long>(), Is.EqualTo(1), "aggregates respect the row filter");
    }

    [Test]
    public async Task Writes_to_hidden_or_read_only_fields_and_forbidden_actions_are_refused()
    {
        var (status, problem) = await SendAsync(_rep, HttpMethod.Post, Deals, new { title = "x", amount = 1, stage = "赢单" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Errors(problem)["amount"]![0]!.GetValue<string>(), Does.Contain("Unknown field"));
        Assert.That(Errors(problem)["stage"]![0]!.GetValue<string>(), Does.Contain("read-only"));
        (status, _) = await SendAsync(_rep, HttpMethod.Delete, $"{Deals}/{_repDeal}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        (status, _) = await SendAsync(_rep, HttpMethod.Post, $"/api/apps/{App}/models/account/records", new { name = "new" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        (status, _) = await SendAsync(_rep, HttpMethod.Patch, $"{Deals}/{_adminDeal}", new { title = "hack" }, ifMatch: "1");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        (status, _) = await SendAsync(_rep, HttpMethod.Put, $"/api/apps/{App}/models/deal", new { name = "x", fields = Array.Empty<object>() });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        var (_, adminView) = await SendAsync(_admin, HttpMethod.Get, $"{Deals}/{_adminDeal}");
        Assert.That(adminView!["title"]!.GetValue<string>(), Is.EqualTo("admin"));
    }
}
