using System.Collections.Concurrent;

namespace Platform.Runtime.Expressions;

/// <summary>
/// Sandboxed engines for reuse: an engine serves one evaluation at a time, so each caller rents one.
/// Under load more are created; only <see cref="ExpressionSettings.MaxPooledEngines"/> idle ones are kept.
/// </summary>
internal sealed class EnginePool(ExpressionSettings settings, TimeZoneInfo zone)
{
    private readonly ConcurrentBag<SandboxEngine> _idle = new();

    public SandboxEngine Rent() => _idle.TryTake(out var engine) ? engine : new SandboxEngine(settings, zone);

    public void Return(SandboxEngine engine)
    {
        if (!engine.Spoiled && _idle.Count < settings.MaxPooledEngines) _idle.Add(engine);
    }
}
