namespace Platform.Failover;

/// <summary>What the database and the receiver hold after a failover run, and what of it breaks the guarantees.</summary>
public sealed record FailoverResult(
    int Expected, int Kills, TimeSpan Duration, TimeSpan StartDuration,
    long Instances, long Completed, long FinalSteps, long FinishedTwice, long TimersFired, long TimersWaiting,
    long WorkLeft, long Incidents, long OutboxDelivered, IReadOnlySet<string> OutboxKeys, IReadOnlyDictionary<string, int> Received)
{
    public int ReSent => Received.Values.Sum() - Received.Count;

    /// <summary>Each broken guarantee, said in a sentence; empty when every instance and side effect happened exactly once.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Expect(bool ok, string what) { if (!ok) problems.Add(what); }
        Expect(Instances == Expected, $"one instance per start: {Instances} instances for {Expected} starts");
        Expect(Completed == Expected, $"every instance completed: {Completed} of {Expected}");
        Expect(FinalSteps == Expected, $"the last step ran exactly once per instance: {FinalSteps} runs for {Expected} instances");
        Expect(FinishedTwice == 0, $"no instance counted its last step twice: {FinishedTwice} did");
        Expect(TimersFired == Expected, $"every timer fired: {TimersFired} of {Expected}");
        Expect(TimersWaiting == 0, $"no timer is left waiting: {TimersWaiting} are");
        Expect(WorkLeft == 0, $"no work is left: {WorkLeft} items are");
        Expect(Incidents == 0, $"no incidents: {Incidents}");
        Expect(OutboxDelivered == Expected, $"one delivered outbox message per instance: {OutboxDelivered} for {Expected}");
        Expect(Received.Keys.ToHashSet().SetEquals(OutboxKeys),
            $"every side effect reached the receiver under its own outbox key: {Received.Count} keys received, {OutboxKeys.Count} in the outbox");
        return problems;
    }

    public override string ToString() => $"""
        failover on PostgreSQL, 3 API processes, {Kills} SIGKILLs, {Duration.TotalSeconds:F0} s in all ({StartDuration.TotalSeconds:F0} s to queue the starts)
          instances: {Instances} (expected {Expected}), completed: {Completed}, final step ran: {FinalSteps} (counted twice: {FinishedTwice}), incidents: {Incidents}
          timers fired: {TimersFired}, still waiting: {TimersWaiting}; work left: {WorkLeft}
          side effects: {Received.Count} distinct idempotency keys received (expected {Expected}), outbox delivered: {OutboxDelivered}, re-sent after a kill: {ReSent}
        """;
}
