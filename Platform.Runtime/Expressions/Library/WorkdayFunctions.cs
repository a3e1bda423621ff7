namespace Platform.Runtime.Expressions.Library;

/// <summary>Working days by the evaluation's calendar (China's holidays and make-up days, admin-editable).</summary>
public static class WorkdayFunctions
{
    public static void Register(IDictionary<string, Func<FunctionCall, object?>> f)
    {
        f["isWorkday"] = c => c.DateOrNull(0) is { } d ? c.Context.Calendar.IsWorkday(d.Date) : null;
        f["addWorkdays"] = c => c.DateOrNull(0) is { } d
            ? c.Format(DateValue.OfDate(c.Context.Calendar.AddWorkdays(d.Date, c.Integer(1, 0, -10_000, 10_000))))
            : null;
        f["workdaysBetween"] = c => c.DateOrNull(0) is { } a && c.DateOrNull(1) is { } b
            ? (double)c.Context.Calendar.WorkdaysBetween(a.Date, b.Date)
            : null;
    }
}
