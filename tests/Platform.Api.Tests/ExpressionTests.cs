using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Api.Tests;

public class ExpressionTests
{
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new PlatformFactory();
        _client = await _factory.SignedInClientAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _factory.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> Evaluate(object body, HttpClient? client = null)
    {
        var response = await (client ?? _client).PostAsJsonAsync("/api/expressions/evaluate", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement : default);
    }

    [Test]
    public async Task Evaluates_over_the_given_record_and_now()
    {
        var (status, body) = await Evaluate(new
        {
            expression = "record.amount > 1000 ? addWorkdays(today(), 2) : round(record.amount * 1.005, 2)",
            context = new { record = new { amount = 1200 } },
            now = "2025-09-30T10:00:00+08:00",
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        // 1–8 October are holidays; the 9th and 10th are the next working days.
        Assert.That(body.GetProperty("value").GetString(), Is.EqualTo("2025-10-10"));

        (status, body) = await Evaluate(new { expression = "({total: sum(record.items), first: record.items[0]})", context = new { record = new { items = new[] { 0.1, 0.2 } } } });
        Assert.That(body.GetProperty("value").GetProperty("total").GetDouble(), Is.EqualTo(0.3));
        Assert.That(body.GetProperty("value").GetProperty("first").GetDouble(), Is.EqualTo(0.1));
    }

    [Test]
    public async Task The_signed_in_user_is_the_user_variable()
    {
        var (status, body) = await Evaluate(new { expression = "user.userName + ':' + user.isAdmin" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("value").GetString(), Is.EqualTo($"{PlatformFactory.AdminUser}:true"));
    }

    [Test]
    public async Task A_bad_or_hostile_expression_is_a_400_with_the_reason()
    {
        var (status, body) = await Evaluate(new { expression = "round('abc')" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("errors").GetProperty("expression")[0].GetString(), Is.EqualTo("round: argument 1 must be a number, got \"abc\""));

        (status, body) = await Evaluate(new { expression = "while (true) {}" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("title").GetString(), Does.Contain("stopped"));

        (status, body) = await Evaluate(new { expression = "1 +" });
        Assert.That(body.GetProperty("title").GetString(), Does.StartWith("The expression is not valid"));

        (status, body) = await Evaluate(new { expression = "today()", now = "yesterday" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("errors").TryGetProperty("now", out _), Is.True);

        (status, body) = await Evaluate(new { expression = "", context = new { } });
        Assert.That(body.GetProperty("errors").TryGetProperty("expression", out _), Is.True);

        (status, _) = await Evaluate(new { expression = "1", context = new[] { 1 } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));

        // The server still answers after a hostile script.
        (status, body) = await Evaluate(new { expression = "1 + 1" });
        Assert.That(body.GetProperty("value").GetDouble(), Is.EqualTo(2));
    }

    [Test]
    public async Task Only_signed_in_users_may_evaluate()
    {
        var anonymous = _factory.CreateClient();
        var (status, _) = await Evaluate(new { expression = "1" }, anonymous);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
