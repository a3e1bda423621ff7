using System.Text.Json.Nodes;
using Dapper;
using Platform.Runtime.Apps;
using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Records;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class RecordChangeListenerTests(string provider)
{
    private sealed class Recorder(bool fail) : IRecordChangeListener
    {
        public List<RecordChange> Seen { get; } = [];

        public async Task OnChangedAsync(RecordChange change, WriteScope scope, CancellationToken ct)
        {
            // The listener sees the row inside the same transaction, before commit.
            var table = ModelTableNames.Table(change.App, change.Model);
            var n = await scope.Connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\" WHERE id = @id", new { id = change.RecordId }, scope.Transaction);
            Assert.That(n, Is.EqualTo(1));
            Seen.Add(change);
            if (fail) throw new InvalidOperationException("listener refused");
        }
    }

    private static async Task<(RecordStore Store, RecordQuery Query)> StartAsync(string provider, IRecordChangeListener listener)
    {
        var db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(db);
        await new AppStore(db).ImportAsync(RecordEngine.Package("lst", """[ { "key": "note", "name": "Note", "fields": [ { "key": "text", "type": "text" } ] } ]"""), null);
        var catalog = new ModelCatalog(db);
        return (new RecordStore(db, catalog, new AdminOnlyAccessPolicy(), new AuditLog(db), [listener]), new RecordQuery(db, catalog, new AdminOnlyAccessPolicy()));
    }

    [Test]
    public async Task Listeners_hear_every_change_with_before_and_after_inside_the_transaction()
    {
        var recorder = new Recorder(fail: false);
        var (store, _) = await StartAsync(provider, recorder);
        var created = await store.CreateAsync(Caller.System, "lst", "note", new JsonObject { ["text"] = "a" });
        var id = created["id"]!.GetValue<string>();
        await store.UpdateAsync(Caller.System, "lst", "note", id, 1, new JsonObject { ["text"] = "b" });
        Assert.That(recorder.Seen.Select(c => c.Kind), Is.EqualTo(new[] { RecordChangeKind.Created, RecordChangeKind.Updated }));
        Assert.That(recorder.Seen[1].Before!["text"]!.GetValue<string>(), Is.EqualTo("a"));
        Assert.That(recorder.Seen[1].After!["text"]!.GetValue<string>(), Is.EqualTo("b"));
    }

    [Test]
    public async Task A_failing_listener_rolls_the_change_back()
    {
        var (store, query) = await StartAsync(provider, new Recorder(fail: true));
        Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(Caller.System, "lst", "note", new JsonObject { ["text"] = "a" }));
        var page = await query.QueryAsync(Caller.System, "lst", "note", new JsonObject { ["total"] = true });
        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(0));
    }
}
