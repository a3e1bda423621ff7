using System.Text.Json.Nodes;
using Platform.Runtime;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Decisions;
using Platform.Runtime.Expressions;

namespace Platform.Api.Endpoints;

/// <summary>Decision tables of an app (package section "decisionTables"): list, save (examples must hold), evaluate for the designer.</summary>
public static class DecisionTableEndpoints
{
    public static void MapDecisionTableEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/apps/{app}/decision-tables").RequireAdmin();

        group.MapGet("", async (string app, Database db, CancellationToken ct) =>
            Results.Ok(await new AppDecisionTables(db).ListAsync(app, ct)));

        group.MapPut("/{key}", async (string app, string key, HttpRequest request, AppStore apps, CancellationToken ct) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject
                ?? throw ValidationFailedException.For("$", "The body must be a decision table (a JSON object).");
            body["key"] ??= key;
            if ((body["key"] as JsonValue)?.ToString() != key) throw ValidationFailedException.For("key", $"The table's key must be '{key}' as in the address.");
            await apps.SaveDefinitionAsync(app, "decisionTables", body, ct: ct);
            return Results.Ok(body);
        });

        // Body: {"table": key or inline table, "inputs": {…}} → the outputs, the matched rows and why.
        group.MapPost("/evaluate", async (string app, HttpRequest request, Database db, IExpressionEvaluator evaluator, CancellationToken ct) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject
                ?? throw ValidationFailedException.For("$", "The body must be {\"table\", \"inputs\"}.");
            var table = body["table"] switch
            {
                JsonObject inline => DecisionTable.Parse(inline, "table."),
                JsonValue v when v.TryGetValue<string>(out var k) => await new AppDecisionTables(db).GetAsync(null, app, k, ct),
                _ => throw ValidationFailedException.For("table", "'table' must be a decision table key or an inline table."),
            };
            try { return Results.Ok(new DecisionTableEvaluator(evaluator).Evaluate(table, body["inputs"] as JsonObject ?? new JsonObject()).ToJson()); }
            catch (DecisionTableException e) { throw ValidationFailedException.For("table", e.Message); }
        });
    }
}
