using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Apps;
using Platform.Runtime.Data.SampleData;

namespace Platform.Api.Endpoints;

/// <summary>
/// POST /api/apps/{app}/sample-data[?scale=&amp;userScale=&amp;template=]: fills the app with generated
/// departments, users and records (docs/sample-data.md). The body is the spec; without a body the
/// spec shipped with the app's template (templates/&lt;template&gt;/sample-data.json) is used.
/// Administrators only.
/// </summary>
public static class SampleDataEndpoints
{
    public const int SpecLimit = 1024 * 1024;

    public static void MapSampleDataEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/apps/{app}/sample-data", async (string app, double? scale, double? userScale, string? template, HttpContext http,
            CallerResolver callers, AppStore apps, TemplateCatalog templates, SampleDataGenerator generator, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            JsonObject spec;
            if (http.Request.ContentLength is > 0) spec = await RequestBody.ReadObjectAsync(http.Request, SpecLimit, ct);
            else
            {
                var summary = (await apps.ListAsync(ct)).FirstOrDefault(a => a.Key == app) ?? throw new NotFoundException($"There is no app '{app}'.");
                var from = template ?? summary.TemplateKey ?? throw ValidationFailedException.For("template", "The app was not installed from a template: send a spec or name ?template=.");
                spec = templates.LoadDocument(from, "sample-data") ?? throw ValidationFailedException.For("template", $"The template '{from}' ships no sample-data.json.");
            }
            var report = await generator.GenerateAsync(app, spec, scale ?? 1, userScale ?? 1, caller.UserId, ct);
            return Results.Json(report.ToJson(), statusCode: 201);
        }).RequireAdmin();
    }
}
