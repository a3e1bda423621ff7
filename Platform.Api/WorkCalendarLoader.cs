using Platform.Api.Endpoints;
using Platform.Runtime.Expressions;
using Platform.Runtime.Expressions.Calendar;

namespace Platform.Api;

/// <summary>Gives the evaluator the admin-edited calendar once the database is ready (shipped data until then).</summary>
public sealed class WorkCalendarLoader(PlatformStartup startup, WorkCalendarStore store, IExpressionEvaluator evaluator, ILogger<WorkCalendarLoader> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!startup.Ready && !stop.IsCancellationRequested) await Task.Delay(200, stop).ContinueWith(_ => { });
        if (stop.IsCancellationRequested) return;
        try { CalendarEndpoints.Apply(evaluator, await store.LoadAsync(stop)); }
        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning("Calendar edits not loaded: {Message}", e.Message); }
    }
}
