using Platform.Runtime;
using Platform.Runtime.Security;

namespace Platform.Api.Endpoints;

/// <summary>The department tree: everyone signed in may read it (pickers need it), administrators change it.</summary>
public static class DepartmentEndpoints
{
    public sealed record DepartmentRequest(string? Name, string? ParentId, string? HeadUserId);
    public sealed record MoveRequest(string? ParentId);

    public static object Describe(Department d) => new
    {
        id = d.Id, name = d.Name, parentId = d.ParentId, headUserId = d.HeadUserId, path = d.Path, depth = d.Depth,
    };

    public static void MapDepartmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/departments");

        group.MapGet("", async (DepartmentStore departments, CancellationToken ct) =>
            Results.Ok((await departments.ListAsync(ct)).Select(Describe)));

        group.MapGet("/{id}", async (string id, DepartmentStore departments, CancellationToken ct) =>
            Results.Ok(Describe(await departments.FindAsync(id, ct) ?? throw new NotFoundException($"Department '{id}' does not exist."))));

        // The department's id and every id below it: what a "department and below" scope covers.
        group.MapGet("/{id}/below", async (string id, DepartmentStore departments, CancellationToken ct) =>
        {
            var ids = await departments.SelfAndBelowAsync(id, ct);
            return ids.Count == 0 ? throw new NotFoundException($"Department '{id}' does not exist.") : Results.Ok(ids);
        });

        var admin = group.MapGroup("").RequireAdmin();

        admin.MapPost("", async (DepartmentRequest body, DepartmentStore departments, CancellationToken ct) =>
        {
            var created = await departments.CreateAsync(body.Name, Blank(body.ParentId), Blank(body.HeadUserId), ct);
            return Results.Created($"/api/departments/{created.Id}", Describe(created));
        });

        // Rename and set (or clear) the head.
        admin.MapPut("/{id}", async (string id, DepartmentRequest body, DepartmentStore departments, CancellationToken ct) =>
            Results.Ok(Describe(await departments.UpdateAsync(id, body.Name, Blank(body.HeadUserId), ct))));

        admin.MapPost("/{id}/move", async (string id, MoveRequest body, DepartmentStore departments, CancellationToken ct) =>
            Results.Ok(Describe(await departments.MoveAsync(id, Blank(body.ParentId), ct))));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
