namespace Platform.Api;

/// <summary>Restricts an endpoint group to platform administrators, checked against the database on every request.</summary>
public static class AdminOnly
{
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = await context.HttpContext.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(context.HttpContext);
            return caller.IsAdmin ? await next(context) : Results.Problem(title: "Only administrators may do this.", statusCode: 403);
        });
}
