using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Apps;

namespace Platform.Api.Endpoints;

public static class AppEndpoints
{
    public sealed record CopyRequest(string? Key, string? Name);

    public static void MapAppEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps");

        // Administrators see every app; other users the apps in which they hold a role.
        group.MapGet("", async (AppStore apps, HttpContext http, CallerResolver callers, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var all = await apps.ListAsync(ct);
            return Results.Ok(caller.IsAdmin ? all : all.Where(a => caller.IsMemberOf(a.Key)));
        });

        // Body: an app package. With ?from=template-key the shipped template is installed instead;
        // the body may then carry only {key, name} to install it under another key.
        group.MapPost("/import", async (HttpRequest request, string? from, AppStore apps, TemplateCatalog templates, Platform.Runtime.Workflows.WorkflowRuntime workflows, CancellationToken ct) =>
        {
            var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0
                ? await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject
                    ?? throw ValidationFailedException.For("$", "The body must be a JSON object.")
                : new JsonObject();
            JsonObject package;
            if (from is not null)
            {
                package = templates.Load(from) ?? throw ValidationFailedException.For("from", $"There is no template '{from}'.");
                if (body["key"] is { } key) package["key"] = key.DeepClone();
                if (body["name"] is { } name) package["name"] = name.DeepClone();
            }
            else package = body;
            workflows.Publisher.ValidatePackage(package);
            var created = await apps.ImportAsync(package, from, ct);
            await workflows.Publisher.InstallFromPackageAsync(created.Key, package, ct: ct);
            return Results.Created($"/api/apps/{created.Key}", created);
        }).RequireAdmin();

        group.MapGet("/{app}/export", async (string app, AppStore apps, CancellationToken ct) =>
            Results.Json(await apps.GetPackageAsync(app, ct))).RequireAdmin();

        group.MapPost("/{app}/copy", async (string app, CopyRequest body, AppStore apps, Platform.Runtime.Workflows.WorkflowRuntime workflows, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!AppPackage.IsValidKey(body.Key)) errors["key"] = ["App key must be 2–40 characters: lower-case letters, digits and '-', starting with a letter."];
            if (string.IsNullOrWhiteSpace(body.Name)) errors["name"] = ["App name is required."];
            if (errors.Count > 0) throw new ValidationFailedException("The copy needs a key and a name.", errors);
            var created = await apps.CopyAsync(app, body.Key!, body.Name!, ct);
            var published = (await workflows.Definitions.ListAsync(app, ct)).Where(w => w.PublishedVersion is not null).Select(w => w.Key).ToList();
            await workflows.Publisher.InstallFromPackageAsync(created.Key, await apps.GetPackageAsync(created.Key, ct), published, ct);
            return Results.Created($"/api/apps/{created.Key}", created);
        }).RequireAdmin();

        app.MapGet("/api/templates", (TemplateCatalog templates) =>
            Results.Ok(templates.List().Select(t => new { key = t.Key, name = t.Name, description = t.Description })));
    }
}
