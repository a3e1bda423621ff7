using Platform.Api.Endpoints;
using Platform.Runtime.Expressions;
using Platform.Runtime.Expressions.Calendar;

namespace Platform.Api;

/// <summary>
/// Gives the evaluator (and so workflow delays and SLAs) the admin-edited calendar once the database is
/// ready (shipped data until then), and reloads it every minute so edits made on other nodes count here too.
/// </summary>
public sealed class WorkCalendarLoader(PlatformStartup startup, WorkCalendarStore store, IExpressionEvaluator evaluator, ILogger<WorkCalendarLoader> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!startup.Ready && !stop.IsCancellationRequested) await Task.Delay(200, stop).ContinueWith(_ => { });
        if (stop.IsCancellationRequested) return;
        while (!stop.IsCancellationRequested)
        {
            try { CalendarEndpoints.Apply(evaluator, await store.LoadAsync(stop)); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning("Calendar edits not loaded: {Message}", e.Message); }
            await Task.Delay(TimeSpan.FromMinutes(1), stop).ContinueWith(_ => { });
        }
    }
}
