using System.Security.Claims;
using System.Text.Json;
using Platform.Runtime;
using Platform.Runtime.Expressions;
using Platform.Runtime.Expressions.Library;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>
/// "Test this expression" for the designer and outside checks: the server's own evaluation of an
/// expression over a context, or a 400 with the reason. Signed-in users only (the fallback policy).
/// </summary>
public static class ExpressionEndpoints
{
    public sealed record EvaluateRequest(string? Expression, JsonElement? Context, string? Now);

    public static void MapExpressionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/expressions/evaluate", async (EvaluateRequest body, IExpressionEvaluator evaluator, ClaimsPrincipal principal, UserStore users, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Expression)) throw ValidationFailedException.For("expression", "An expression is required.");
            var variables = new Dictionary<string, object?>();
            if (body.Context is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } context)
            {
                if (context.ValueKind != JsonValueKind.Object) throw ValidationFailedException.For("context", "The context must be a JSON object of variables (e.g. {\"record\": {…}}).");
                foreach (var p in context.EnumerateObject()) variables[p.Name] = ValueBridge.FromJson(p.Value);
            }
            // `user` is the signed-in user unless the request supplies one to try a rule for someone else.
            if (!variables.ContainsKey("user") && await users.FindByIdAsync(principal.FindFirstValue(ClaimTypes.NameIdentifier)!, ct) is { } user)
                variables["user"] = new Dictionary<string, object?>
                {
                    ["id"] = user.Id, ["userName"] = user.UserName, ["displayName"] = user.DisplayName, ["isAdmin"] = user.IsAdmin,
                };
            DateTimeOffset? now = null;
            if (!string.IsNullOrWhiteSpace(body.Now))
            {
                var zone = (evaluator as JintExpressionEvaluator)?.Zone ?? TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
                now = DateValue.TryRead(body.Now, zone)?.ToInstant(zone)
                    ?? throw ValidationFailedException.For("now", $"\"{body.Now}\" is not an ISO date or date-time.");
            }
            try
            {
                return Results.Ok(new { value = evaluator.Evaluate(body.Expression, variables, now) });
            }
            catch (ExpressionException e)
            {
                throw new ValidationFailedException(e.Message, new Dictionary<string, string[]> { ["expression"] = [e.Message] });
            }
        });
    }
}
