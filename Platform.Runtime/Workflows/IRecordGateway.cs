using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Runtime.Workflows;

/// <summary>
/// What record activities need from the record store, inside the burst's transaction so that record
/// writes commit or roll back with the step. The record store implements it (wired by the host); the
/// caller is <see cref="Caller.System"/> or the triggering user (whose roles the store resolves from the id),
/// so permissions and audit apply to workflow writes too.
/// </summary>
public interface IRecordGateway
{
    Task<JsonObject> CreateAsync(WriteScope scope, string app, string model, JsonObject values, Caller caller, CancellationToken ct);
    Task<JsonObject> UpdateAsync(WriteScope scope, string app, string model, string id, JsonObject values, Caller caller, CancellationToken ct);
    Task DeleteAsync(WriteScope scope, string app, string model, string id, Caller caller, CancellationToken ct);
    /// <summary>Records matching a filter (docs/filters.md), sorted ([{field, desc}]), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JsonObject>> QueryAsync(WriteScope scope, string app, string model, JsonNode? filter, JsonArray? sort, int limit, Caller caller, CancellationToken ct);
    Task<long> CountAsync(WriteScope scope, string app, string model, JsonNode? filter, Caller caller, CancellationToken ct);
}
