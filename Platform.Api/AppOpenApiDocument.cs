using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Api;

/// <summary>
/// The OpenAPI 3.0 document of one app: the records API of each model the caller may read, with the
/// model's JSON Schema as the record schema, so integrators can generate clients per app.
/// </summary>
public static class AppOpenApiDocument
{
    public static async Task<JsonObject> BuildAsync(CompiledApp app, Caller caller, IAccessPolicy policy, CancellationToken ct)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["Problem"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["title"] = new JsonObject { ["type"] = "string" }, ["status"] = new JsonObject { ["type"] = "integer" }, ["errors"] = new JsonObject { ["type"] = "object" } } },
            ["Query"] = new JsonObject { ["type"] = "object", ["description"] = "{filter, sort:[{field, dir}], page:{size, after | number}, fields, total} — see docs/filters.md" },
            ["Aggregate"] = new JsonObject { ["type"] = "object", ["description"] = "{filter, groupBy:[field | {field, bucket}], measures:[{op, field, as}]}" },
        };
        foreach (var m in app.Models.Values.OrderBy(m => m.Key))
        {
            var access = await policy.ForModelAsync(caller, app.Key, m.Key, ct);
            if (!access.Can(ModelAction.Read)) continue;
            var schema = (JsonObject)m.PublishedSchema.DeepClone();
            schema.Remove("$schema");
            var props = (JsonObject)schema["properties"]!;
            foreach (var (key, a) in access.Fields) if (a == FieldAccess.Hidden) props.Remove(key);
            schemas[m.Key] = schema;
            var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{m.Key}" };
            JsonObject Body(JsonNode s) => new() { ["required"] = true, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = s } } };
            JsonObject Responses(string code, JsonNode? s) => new()
            {
                [code] = s is null ? new JsonObject { ["description"] = "OK" } : new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = s } } },
                ["400"] = new JsonObject { ["description"] = "Invalid input", ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } } },
            };
            var idParam = new JsonArray(new JsonObject { ["name"] = "id", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            var baseUrl = $"/api/apps/{app.Key}/models/{m.Key}/records";
            paths[baseUrl] = new JsonObject { ["post"] = new JsonObject { ["summary"] = $"Create a {m.Definition.Name}", ["tags"] = new JsonArray(m.Key), ["requestBody"] = Body(reference.DeepClone()), ["responses"] = Responses("201", reference.DeepClone()) } };
            paths[baseUrl + "/{id}"] = new JsonObject
            {
                ["get"] = new JsonObject { ["tags"] = new JsonArray(m.Key), ["parameters"] = idParam.DeepClone(), ["responses"] = Responses("200", reference.DeepClone()) },
                ["patch"] = new JsonObject
                {
                    ["tags"] = new JsonArray(m.Key), ["description"] = "Needs If-Match with the record's rowVersion; 409 with the current values when stale.",
                    ["parameters"] = new JsonArray(idParam[0]!.DeepClone(), new JsonObject { ["name"] = "If-Match", ["in"] = "header", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["requestBody"] = Body(reference.DeepClone()), ["responses"] = Responses("200", reference.DeepClone()),
                },
                ["delete"] = new JsonObject { ["tags"] = new JsonArray(m.Key), ["parameters"] = idParam.DeepClone(), ["responses"] = Responses("204", null) },
            };
            paths[baseUrl + "/query"] = new JsonObject { ["post"] = new JsonObject { ["tags"] = new JsonArray(m.Key), ["requestBody"] = Body(new JsonObject { ["$ref"] = "#/components/schemas/Query" }), ["responses"] = Responses("200", null) } };
            paths[baseUrl + "/aggregate"] = new JsonObject { ["post"] = new JsonObject { ["tags"] = new JsonArray(m.Key), ["requestBody"] = Body(new JsonObject { ["$ref"] = "#/components/schemas/Aggregate" }), ["responses"] = Responses("200", null) } };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = app.Package["name"]?.DeepClone() ?? app.Key, ["version"] = app.Version.ToString() },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }
}
