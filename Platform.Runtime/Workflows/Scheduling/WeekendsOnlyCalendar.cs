namespace Platform.Runtime.Workflows.Scheduling;

/// <summary>Monday to Friday are working days; no holidays.</summary>
public sealed class WeekendsOnlyCalendar : IWorkingCalendar
{
    public bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
