using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime.Workflows.Definitions;
using Platform.Runtime.Workflows.Engine;
using Platform.Runtime.Workflows.Scheduling;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>
/// Waits on a timer: "duration" ("30m", "72h", "3d", "PT2H"), or "until" (an instant, usually an
/// expression). With "workingDays": true a whole-day duration counts working days of the calendar.
/// A timer whose time passed while the platform was down fires on the next start (catch-up).
/// </summary>
public sealed class DelayActivity(IWorkingCalendar calendar) : IActivity
{
    public string Type => "delay";
    public IReadOnlyList<string> Outcomes(ActivityDefinition activity) => ["Done"];
    public bool Waits => true;

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var due = DueAt(context);
        await context.CreateBookmarkAsync("timer", context.Activity.Id, due);
        context.Note($"until {due.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        return ActivityResult.Suspend();
    }

    private DateTimeOffset DueAt(ActivityContext context)
    {
        if (context.Property("until") is { } until)
        {
            var text = until is JsonValue v && v.TryGetValue<string>(out var s) ? s : until.ToJsonString();
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at : throw new ActivityFailedException($"'until' is not a date and time: {text}");
        }
        var duration = context.PropertyString("duration") ?? throw new ActivityFailedException("A delay needs a 'duration' or an 'until'.");
        if (context.Property("workingDays") is JsonValue w && w.TryGetValue<bool>(out var working) && working)
        {
            var days = Duration.WholeDays(duration) ?? throw new ActivityFailedException($"A working-day delay needs whole days such as \"3d\", not \"{duration}\".");
            return calendar.AddWorkingDays(context.Now, days);
        }
        return Duration.TryParse(duration, out var span) ? context.Now + span
            : throw new ActivityFailedException($"'duration' is not a duration such as \"30m\", \"72h\" or \"3d\": {duration}");
    }
}
