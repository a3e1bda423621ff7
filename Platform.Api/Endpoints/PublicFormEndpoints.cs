using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Data;
using Platform.Runtime.Forms;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>
/// Public (anonymous) forms, 外链表单: /api/public/forms/{app}/{slug}. GET gives what the runner's
/// public page renders (the form without its secret option, the model's placed fields and their
/// schema); POST creates the record as the system, with no owner, through the form (so form.submitted
/// triggers fire). No sign-in and no antiforgery token (no ambient credential is used); an unknown or
/// disabled slug is 404; submissions are limited per client address (429 with Retry-After).
/// </summary>
public static class PublicFormEndpoints
{
    public static void MapPublicFormEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/public/forms/{app}/{slug}").AllowAnonymous();

        group.MapGet("", async (string app, string slug, ModelCatalog catalog, CancellationToken ct) =>
        {
            var (compiled, form) = await FindAsync(catalog, app, slug, ct);
            var model = compiled.Model(form.Model);
            var definition = (JsonObject)model.Definition.Json.DeepClone();
            if (definition["fields"] is JsonArray fields)
                foreach (var f in fields.ToList())
                    if (f?["key"]?.GetValue<string>() is not { } key || !form.Fields.Contains(key)) fields.Remove(f);
            var schema = (JsonObject)model.PublishedSchema.DeepClone();
            if (schema["properties"] is JsonObject props)
                foreach (var (key, _) in props.ToList())
                    if (!form.Fields.Contains(key)) props.Remove(key);
            if (schema["required"] is JsonArray required)
                foreach (var r in required.ToList())
                    if (r is null || !form.Fields.Contains(r.GetValue<string>())) required.Remove(r);
            return Results.Json(new JsonObject
            {
                ["app"] = compiled.Key,
                ["appName"] = compiled.Package["name"]?.DeepClone(),
                ["appNameEn"] = compiled.Package["nameEn"]?.DeepClone(),
                ["form"] = form.PublicDefinition(),
                ["model"] = definition,
                ["schema"] = schema,
            });
        });

        group.MapPost("", async (string app, string slug, HttpContext http, ModelCatalog catalog, RecordStore records, PublicFormThrottle throttle, CancellationToken ct) =>
        {
            var (compiled, form) = await FindAsync(catalog, app, slug, ct);
            if (throttle.TryAttempt(compiled.Key, form.Key, http.Connection.RemoteIpAddress?.ToString(), form.PerMinute) is { } wait)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Results.Problem(title: "Too many submissions from your address. Try again in a minute.", statusCode: 429);
            }
            var body = await RequestBody.ReadObjectAsync(http.Request, 256 * 1024, ct);
            var created = await records.CreateAsync(Caller.System, compiled.Key, form.Model, form.Submission(body), ct);
            return Results.Json(new JsonObject { ["id"] = created["id"]?.DeepClone() }, statusCode: 201);
        });
    }

    private static async Task<(CompiledApp App, PublicForm Form)> FindAsync(ModelCatalog catalog, string app, string slug, CancellationToken ct)
    {
        CompiledApp compiled;
        try { compiled = await catalog.GetAsync(app, ct); }
        catch (NotFoundException) { throw new NotFoundException("There is no such form."); }
        // Unknown app, unknown slug and a disabled form all answer the same.
        var form = PublicForm.Find(compiled.Package, slug);
        return form is null || !compiled.Models.ContainsKey(form.Model) ? throw new NotFoundException("There is no such form.") : (compiled, form);
    }
}
