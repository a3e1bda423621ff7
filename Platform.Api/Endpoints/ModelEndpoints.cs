using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Models;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>
/// /api/apps/{app}/models: list and read model definitions, save one (planning and applying the
/// migration; ?dryRun=true only plans), the JSON Schema records are validated against, and creating
/// a model from an outside JSON Schema.
/// </summary>
public static class ModelEndpoints
{
    public static void MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/models");

        group.MapGet("", async (string app, HttpContext http, CallerResolver callers, ModelCatalog catalog, IAccessPolicy policy, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var compiled = await catalog.GetAsync(app, ct);
            var list = new JsonArray();
            foreach (var m in compiled.Models.Values)
            {
                var access = await policy.ForModelAsync(caller, app, m.Key, ct);
                if (access.Can(ModelAction.Read)) list.Add(Describe(m, access));
            }
            return Results.Json(list);
        });

        // The app's own OpenAPI document: one set of record routes and one schema per model.
        app.MapGet("/api/apps/{app}/openapi.json", async (string app, HttpContext http, CallerResolver callers, ModelCatalog catalog, IAccessPolicy policy, CancellationToken ct) =>
            Results.Json(await AppOpenApiDocument.BuildAsync(await catalog.GetAsync(app, ct), await callers.ResolveAsync(http, ct), policy, ct)));

        group.MapGet("/{model}", async (string app, string model, HttpContext http, CallerResolver callers, ModelCatalog catalog, IAccessPolicy policy, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var m = (await catalog.GetAsync(app, ct)).Model(model);
            var access = await policy.ForModelAsync(caller, app, model, ct);
            if (!access.Can(ModelAction.Read)) throw new ForbiddenException($"You may not read '{model}'.");
            return Results.Json(Describe(m, access));
        });

        group.MapGet("/{model}/schema", async (string app, string model, HttpContext http, CallerResolver callers, ModelCatalog catalog, IAccessPolicy policy, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            var m = (await catalog.GetAsync(app, ct)).Model(model);
            var access = await policy.ForModelAsync(caller, app, model, ct);
            if (!access.Can(ModelAction.Read)) throw new ForbiddenException($"You may not read '{model}'.");
            var schema = (JsonObject)m.PublishedSchema.DeepClone();
            var props = (JsonObject)schema["properties"]!;
            foreach (var (key, a) in access.Fields)
            {
                if (a == FieldAccess.Hidden) props.Remove(key);
                else if (a == FieldAccess.ReadOnly && props[key] is JsonObject p) p["readOnly"] = true;
            }
            if (schema["required"] is JsonArray req)
                foreach (var r in req.ToList()) if (r is not null && !props.ContainsKey(r.GetValue<string>())) req.Remove(r);
            return Results.Json(schema, contentType: "application/schema+json");
        });

        group.MapPut("/{model}", async (string app, string model, bool? dryRun, HttpContext http, CallerResolver callers, AppStore apps, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (!caller.IsAdmin) throw new ForbiddenException("Only administrators may change models.");
            var body = await RequestBody.ReadObjectAsync(http.Request, ct: ct);
            var result = await apps.SaveModelAsync(app, model, body, dryRun == true, ct);
            return Results.Json(Describe(result), statusCode: result.Applied && result.Created ? 201 : 200);
        });

        group.MapPost("/import-schema", async (string app, bool? dryRun, HttpContext http, CallerResolver callers, AppStore apps, CancellationToken ct) =>
        {
            var caller = await callers.ResolveAsync(http, ct);
            if (!caller.IsAdmin) throw new ForbiddenException("Only administrators may create models.");
            var body = await RequestBody.ReadObjectAsync(http.Request, SchemaImporter.MaxSchemaBytes + 4096, ct);
            var model = SchemaImporter.ToModel(body);
            var result = await apps.SaveModelAsync(app, model["key"]!.GetValue<string>(), model, dryRun == true, ct);
            return Results.Json(Describe(result), statusCode: result.Applied ? 201 : 200);
        });
    }

    private static JsonObject Describe(ModelSaveResult r) => new()
    {
        ["applied"] = r.Applied,
        ["created"] = r.Created,
        ["version"] = r.Version,
        ["steps"] = new JsonArray(r.Steps.Select(s => (JsonNode)s.ToJson()).ToArray()),
        ["model"] = r.Model.DeepClone(),
    };

    /// <summary>A model as clients see it: its definition without fields hidden from the caller.</summary>
    public static JsonObject Describe(CompiledModel m, ModelAccess access)
    {
        var json = (JsonObject)m.Definition.Json.DeepClone();
        if (json["fields"] is JsonArray fields)
            foreach (var f in fields.ToList())
                if (f?["key"]?.GetValue<string>() is { } key && access.Field(key) == FieldAccess.Hidden) fields.Remove(f);
        json["table"] = m.Table;
        return json;
    }
}
