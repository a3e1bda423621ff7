using System.Globalization;
using Platform.Runtime;
using Platform.Runtime.Expressions;
using Platform.Runtime.Expressions.Calendar;

namespace Platform.Api.Endpoints;

/// <summary>
/// The working-day calendar expressions use (isWorkday, addWorkdays, workdaysBetween): China's shipped
/// holidays and make-up days plus admin edits. Everyone signed in reads it (forms apply it in the
/// browser); only administrators change it. Changes apply to the next evaluation.
/// </summary>
public static class CalendarEndpoints
{
    public sealed record DayEdit(bool? IsWorkday, string? Name);

    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar/days");

        group.MapGet("", async (int? year, WorkCalendarStore store, IExpressionEvaluator evaluator, CancellationToken ct) =>
        {
            var edits = await store.ListEditsAsync(ct);
            var calendar = WorkCalendar.China.With(edits);
            Apply(evaluator, calendar); // also picks up edits made on other nodes
            var edited = edits.Select(e => e.Date).ToHashSet();
            return Results.Ok(calendar.Days.Where(d => year is null || d.Date.Year == year).Select(d => new
            {
                date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                isWorkday = d.IsWorkday,
                name = d.Name,
                source = edited.Contains(d.Date) ? "admin" : "shipped",
            }));
        });

        group.MapPut("/{date}", async (string date, DayEdit body, HttpContext http, CallerResolver callers, WorkCalendarStore store, IExpressionEvaluator evaluator, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (!caller.IsAdmin) return Forbidden();
            var day = ParseDate(date);
            if (body.IsWorkday is null) throw ValidationFailedException.For("isWorkday", "Say whether the day is a working day (true) or a day off (false).");
            await store.SetAsync(new CalendarDay(day, body.IsWorkday.Value, body.Name ?? ""), caller, ct);
            Apply(evaluator, await store.LoadAsync(ct));
            return Results.Ok(new { date, isWorkday = body.IsWorkday, name = body.Name!.Trim(), source = "admin" });
        });

        group.MapDelete("/{date}", async (string date, HttpContext http, CallerResolver callers, WorkCalendarStore store, IExpressionEvaluator evaluator, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (!caller.IsAdmin) return Forbidden();
            if (!await store.RemoveAsync(ParseDate(date), caller, ct)) throw new NotFoundException($"{date} has no admin edit.");
            Apply(evaluator, await store.LoadAsync(ct));
            return Results.NoContent();
        });
    }

    private static IResult Forbidden() => Results.Problem(title: "Only administrators can edit the working-day calendar.", statusCode: 403);

    private static DateOnly ParseDate(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw ValidationFailedException.For("date", $"\"{date}\" is not a date (YYYY-MM-DD).");

    public static void Apply(IExpressionEvaluator evaluator, WorkCalendar calendar)
    {
        if (evaluator is JintExpressionEvaluator jint) jint.Calendar = calendar;
    }
}
