using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Api.Tests;

/// <summary>Admin edits of the working-day calendar change what expressions compute, on every database.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class CalendarTests(string provider)
{
    private PlatformFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory(provider);
        _admin = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<JsonElement> Evaluate(string expression)
    {
        var response = await _admin.PostAsJsonAsync("/api/expressions/evaluate", new { expression, now = "2025-09-24T10:00:00+08:00" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value");
    }

    [Test]
    public async Task Shipped_holidays_and_make_up_days_are_listed()
    {
        var days = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/calendar/days?year=2025"))!;
        var national = days.Single(d => d.GetProperty("date").GetString() == "2025-10-03");
        Assert.That(national.GetProperty("isWorkday").GetBoolean(), Is.False);
        Assert.That(national.GetProperty("name").GetString(), Does.Contain("国庆"));
        var makeUp = days.Single(d => d.GetProperty("date").GetString() == "2025-09-28");
        Assert.That(makeUp.GetProperty("isWorkday").GetBoolean(), Is.True);
        Assert.That(days.All(d => d.GetProperty("date").GetString()!.StartsWith("2025-")), Is.True);
    }

    [Test]
    public async Task An_admin_edit_changes_working_day_arithmetic_until_removed()
    {
        Assert.That((await Evaluate("addWorkdays('2025-09-25', 1)")).GetString(), Is.EqualTo("2025-09-26"));

        var put = await _admin.PutAsJsonAsync("/api/calendar/days/2025-09-26", new { isWorkday = false, name = "公司年会" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Friday the 26th is now off; Sunday the 28th is the official make-up working day.
        Assert.That((await Evaluate("addWorkdays('2025-09-25', 1)")).GetString(), Is.EqualTo("2025-09-28"));
        var days = (await _admin.GetFromJsonAsync<JsonElement[]>("/api/calendar/days?year=2025"))!;
        Assert.That(days.Single(d => d.GetProperty("date").GetString() == "2025-09-26").GetProperty("source").GetString(), Is.EqualTo("admin"));

        var delete = await _admin.DeleteAsync("/api/calendar/days/2025-09-26");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Evaluate("isWorkday('2025-09-26')")).GetBoolean(), Is.True);
        Assert.That((await _admin.DeleteAsync("/api/calendar/days/2025-09-26")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Bad_edits_are_refused_and_change_nothing()
    {
        var bad = await _admin.PutAsJsonAsync("/api/calendar/days/2025-13-01", new { isWorkday = false, name = "x" });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        bad = await _admin.PutAsJsonAsync("/api/calendar/days/2025-09-30", new { isWorkday = false, name = " " });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Evaluate("isWorkday('2025-09-30')")).GetBoolean(), Is.True);
    }

    [Test]
    public async Task Only_admins_edit_the_calendar()
    {
        await _factory.Services.GetRequiredService<UserStore>().CreateAsync("clerk", "Clerk", "clerk-password-1", isAdmin: false);
        var clerk = await _factory.SignedInClientAsync("clerk", "clerk-password-1");
        var put = await clerk.PutAsJsonAsync("/api/calendar/days/2025-09-29", new { isWorkday = false, name = "偷懒" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await clerk.GetAsync("/api/calendar/days?year=2026")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Evaluate("isWorkday('2025-09-29')")).GetBoolean(), Is.True);
    }
}
