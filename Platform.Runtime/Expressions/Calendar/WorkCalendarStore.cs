using System.Globalization;
using Dapper;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Runtime.Expressions.Calendar;

/// <summary>
/// Admin edits of the working-day calendar (lc_calendar_days), applied over China's shipped data: a day
/// marked here overrides the shipped one (e.g. a company holiday, or next year's arrangement once the
/// State Council publishes it). Removing an edit brings the shipped day back.
/// </summary>
public sealed class WorkCalendarStore(Database db)
{
    public static readonly SystemTable Table = new("lc_calendar_days",
    [
        new("day", SqlType.Text, PrimaryKey: true),
        new("is_workday", SqlType.Boolean, Nullable: false),
        new("name", SqlType.Text, Nullable: false),
        new("updated_by", SqlType.Text),
        new("updated_at", SqlType.DateTime, Nullable: false),
    ]);

    private sealed class Row
    {
        public string day { get; set; } = "";
        public bool is_workday { get; set; }
        public string name { get; set; } = "";
        public CalendarDay ToDay() => new(DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture), is_workday, name);
    }

    private string Name => db.Dialect.Quote(Table.Name);

    public async Task<IReadOnlyList<CalendarDay>> ListEditsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT day, is_workday, name FROM {Name} ORDER BY day", cancellationToken: ct));
        return rows.Select(r => r.ToDay()).ToList();
    }

    /// <summary>The shipped calendar with every admin edit applied.</summary>
    public async Task<WorkCalendar> LoadAsync(CancellationToken ct = default) => WorkCalendar.China.With(await ListEditsAsync(ct));

    public async Task SetAsync(CalendarDay day, Caller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var name = day.Name.Trim();
        if (name.Length is 0 or > 100) throw ValidationFailedException.For("name", "A name of 1 to 100 characters is required (e.g. 公司年会, 春节调休上班).");
        var key = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Name} WHERE day = @key", new { key }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Name} (day, is_workday, name, updated_by, updated_at) VALUES (@key, @IsWorkday, @name, @by, @now)",
            new { key, day.IsWorkday, name, by = caller.UserId, now = DateTimeOffset.UtcNow }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    /// <summary>Removes the edit of a day; false when there was none.</summary>
    public async Task<bool> RemoveAsync(DateOnly date, Caller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var scope = await db.BeginWriteAsync(ct);
        var n = await scope.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Name} WHERE day = @key",
            new { key = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return n > 0;
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAdmin) throw new ForbiddenCalendarEditException();
    }
}

/// <summary>Only administrators edit the working-day calendar.</summary>
public sealed class ForbiddenCalendarEditException() : Exception("Only administrators can edit the working-day calendar.");
