using Platform.Runtime.Security;
using Platform.Runtime.Workflows.Engine;

namespace Platform.Runtime.Workflows.Activities;

/// <summary>Whom a record activity acts as: "runAs": "system" (default) or "triggeringUser".</summary>
public static class RecordActivityCaller
{
    public static Caller Of(ActivityContext context)
    {
        var runAs = context.PropertyString("runAs") ?? "system";
        if (runAs == "system") return Caller.System;
        if (runAs != "triggeringUser") throw new ActivityFailedException($"'runAs' must be system or triggeringUser, not '{runAs}'.");
        var trigger = context.State.Trigger;
        var id = trigger?["caller"]?["id"]?.GetValue<string>();
        if (id is null || id == Caller.System.UserId) throw new ActivityFailedException("This instance was not started by a user, so it cannot act as the triggering user.");
        return new Caller(id, trigger!["caller"]!["userName"]?.GetValue<string>() ?? id, false, null, []);
    }

    public static string RequiredString(ActivityContext context, string name) =>
        context.PropertyString(name) is { Length: > 0 } s ? s : throw new ActivityFailedException($"'{name}' is required.");
}
