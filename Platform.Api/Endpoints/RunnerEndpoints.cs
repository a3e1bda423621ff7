using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Data;
using Platform.Runtime.Forms;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>
/// GET /api/apps/{app}/runner: what the runner shows the caller of an app, decided on the server —
/// the models they may read (hidden fields left out), the forms over a model they may create or update
/// records of (without a public form's slug), the views over readable models and the package's menus
/// with every entry they may not use removed — a form entry (a new record) needs create — and empty
/// groups too. A dashboard is listed when the caller may read the model of at least one widget and,
/// when the dashboard names `roles`, holds one of them (administrators see all); its widgets still
/// query the aggregate endpoint, which applies row scopes and hidden fields. Only members of the app and
/// administrators get an answer; the package export stays for administrators.
/// </summary>
public static class RunnerEndpoints
{
    public static void MapRunnerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/apps/{app}/runner", async (string app, HttpContext http, CallerResolver callers, ModelCatalog catalog, IAccessPolicy policy, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (!caller.IsAdmin && !caller.IsSystem && !caller.IsMemberOf(app))
                throw new NotFoundException($"App '{app}' does not exist.");
            var compiled = await catalog.GetAsync(app, ct);
            var readable = new HashSet<string>();
            var writable = new HashSet<string>();
            var creatable = new HashSet<string>();
            var models = new JsonArray();
            foreach (var m in compiled.Models.Values)
            {
                var access = await policy.ForModelAsync(caller, app, m.Key, ct);
                if (access.Can(ModelAction.Read)) { readable.Add(m.Key); models.Add(ModelEndpoints.Describe(m, access)); }
                if (access.Can(ModelAction.Create)) creatable.Add(m.Key);
                if (access.Can(ModelAction.Create) || access.Can(ModelAction.Update)) writable.Add(m.Key);
            }
            var forms = new JsonArray();
            var newRecordForms = new HashSet<string>();
            foreach (var f in Section(compiled.Package, "forms"))
            {
                if (Str(f["model"]) is not { } model || !writable.Contains(model) || Str(f["key"]) is not { } key) continue;
                forms.Add(PublicForm.Redacted(f));
                if (creatable.Contains(model)) newRecordForms.Add(key);
            }
            var views = new JsonArray();
            var viewKeys = new HashSet<string>();
            foreach (var v in Section(compiled.Package, "views"))
            {
                if (Str(v["model"]) is not { } model || !readable.Contains(model) || Str(v["key"]) is not { } key) continue;
                views.Add(v.DeepClone());
                viewKeys.Add(key);
            }
            var dashboards = new JsonArray();
            var dashboardKeys = new HashSet<string>();
            foreach (var d in Section(compiled.Package, "dashboards"))
            {
                if (Str(d["key"]) is not { } key || !DashboardVisible(d, caller, app, readable)) continue;
                dashboards.Add(d.DeepClone());
                dashboardKeys.Add(key);
            }
            JsonArray? Menu(JsonArray items)
            {
                var kept = new JsonArray();
                foreach (var item in items.OfType<JsonObject>())
                {
                    if (item["children"] is JsonArray children)
                    {
                        if (Menu(children) is { Count: > 0 } inner)
                        {
                            var group = (JsonObject)item.DeepClone();
                            group["children"] = inner;
                            kept.Add(group);
                        }
                        continue;
                    }
                    var allowed = Str(item["model"]) is { } model ? readable.Contains(model)
                        : Str(item["form"]) is { } form ? newRecordForms.Contains(form)
                        : Str(item["view"]) is { } view ? viewKeys.Contains(view)
                        : Str(item["dashboard"]) is { } dashboard && dashboardKeys.Contains(dashboard);
                    if (allowed) kept.Add(item.DeepClone());
                }
                return kept;
            }
            var result = new JsonObject
            {
                ["key"] = compiled.Key,
                ["name"] = compiled.Package["name"]?.DeepClone(),
                ["nameEn"] = compiled.Package["nameEn"]?.DeepClone(),
                ["models"] = models,
                ["forms"] = forms,
                ["views"] = views,
                ["dashboards"] = dashboards,
            };
            if (compiled.Package["menus"] is JsonArray menus) result["menus"] = Menu(menus);
            return Results.Json(result);
        });
    }

    /// <summary>Per-role dashboards: `roles` (keys of the app's roles) limits who gets one; a widget over a readable model is needed.</summary>
    private static bool DashboardVisible(JsonObject dashboard, Caller caller, string app, HashSet<string> readable)
    {
        if (!caller.IsAdmin && !caller.IsSystem && dashboard["roles"] is JsonArray roles
            && !roles.Select(Str).Any(r => r is not null && caller.Roles.Contains($"{app}/{r}")))
            return false;
        return (dashboard["widgets"] as JsonArray ?? []).OfType<JsonObject>().Any(w => Str(w["model"]) is { } m && readable.Contains(m));
    }

    private static IEnumerable<JsonObject> Section(JsonObject package, string section) => (package[section] as JsonArray ?? []).OfType<JsonObject>();

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
