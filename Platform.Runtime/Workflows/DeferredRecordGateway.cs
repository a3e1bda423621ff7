using System.Text.Json.Nodes;
using Platform.Runtime.Data;
using Platform.Runtime.Security;

namespace Platform.Runtime.Workflows;

/// <summary>
/// Hands record steps to a gateway resolved on first use. The record store needs the workflow
/// runtime (its change listener) and the runtime needs the record store (its gateway); resolving
/// late breaks that circle in the host's service container.
/// </summary>
public sealed class DeferredRecordGateway(Func<IRecordGateway> resolve) : IRecordGateway
{
    private readonly Lazy<IRecordGateway> _inner = new(resolve);

    public Task<JsonObject> CreateAsync(WriteScope scope, string app, string model, JsonObject values, Caller caller, CancellationToken ct) =>
        _inner.Value.CreateAsync(scope, app, model, values, caller, ct);

    public Task<JsonObject> UpdateAsync(WriteScope scope, string app, string model, string id, JsonObject values, Caller caller, CancellationToken ct) =>
        _inner.Value.UpdateAsync(scope, app, model, id, values, caller, ct);

    public Task DeleteAsync(WriteScope scope, string app, string model, string id, Caller caller, CancellationToken ct) =>
        _inner.Value.DeleteAsync(scope, app, model, id, caller, ct);

    public Task<IReadOnlyList<JsonObject>> QueryAsync(WriteScope scope, string app, string model, JsonNode? filter, JsonArray? sort, int limit, Caller caller, CancellationToken ct) =>
        _inner.Value.QueryAsync(scope, app, model, filter, sort, limit, caller, ct);

    public Task<long> CountAsync(WriteScope scope, string app, string model, JsonNode? filter, Caller caller, CancellationToken ct) =>
        _inner.Value.CountAsync(scope, app, model, filter, caller, ct);
}
