using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Apps;
using Platform.Runtime.Forms;

namespace Platform.Api.Endpoints;

/// <summary>An app's forms (the package's "forms" section): read one, list them, save one from the form designer.</summary>
public static class FormEndpoints
{
    public static void MapFormEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/forms");

        // A public form's slug is for administrators, who hand out its address.
        group.MapGet("", async (string app, HttpContext http, CallerResolver callers, AppStore apps, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var forms = AppPackage.Section(await apps.GetPackageAsync(app, ct), "forms").OfType<JsonObject>();
            return Results.Json(new JsonArray(forms.Select(f => (JsonNode)(caller.IsAdmin ? f.DeepClone() : PublicForm.Redacted(f))).ToArray()));
        });

        group.MapGet("/{form}", async (string app, string form, HttpContext http, CallerResolver callers, AppStore apps, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var found = AppPackage.Section(await apps.GetPackageAsync(app, ct), "forms").OfType<JsonObject>()
                .FirstOrDefault(f => (f["key"] as JsonValue)?.GetValue<string>() == form);
            return found is null ? throw new NotFoundException($"App '{app}' has no form '{form}'.")
                : Results.Json(caller.IsAdmin ? found : PublicForm.Redacted(found));
        });

        group.MapPut("/{form}", async (string app, string form, HttpRequest request, AppStore apps, CancellationToken ct) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject
                ?? throw ValidationFailedException.For("$", "The body must be a form definition object.");
            if (body["key"] is null) body["key"] = form;
            if ((body["key"] as JsonValue)?.GetValue<string>() != form)
                throw ValidationFailedException.For("key", "The form key in the body must match the one in the address.");
            await apps.SaveDefinitionAsync(app, "forms", body, package => FormDefinition.Validate(body, package), ct);
            return Results.Ok(body);
        });
    }
}
