using Platform.Runtime.Data.Dialects;
using Platform.Runtime.Workflows.Persistence;

namespace Platform.Runtime.Tests.Workflows;

/// <summary>No SQL Server runs here, so the queue SQL it gets is checked as text.</summary>
public class WorkQueueSqlTests
{
    [Test]
    public void SQL_Server_claims_with_updlock_readpast_rowlock_and_returns_the_claimed_rows()
    {
        var sql = new WorkQueueSql(new SqlServerDialect()).Claim("lc_wf_work", "id, kind");
        Assert.That(sql, Is.EqualTo(
            "WITH claimable AS (SELECT TOP (@take) * FROM [lc_wf_work] WITH (UPDLOCK, READPAST, ROWLOCK) WHERE due_at <= @now AND (lease_until IS NULL OR lease_until < @now) ORDER BY due_at) " +
            "UPDATE claimable SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 OUTPUT inserted.id, inserted.kind"));
    }

    [Test]
    public void SQL_Server_inserts_only_new_idempotency_keys_under_a_key_range_lock()
    {
        var sql = new WorkQueueSql(new SqlServerDialect()).InsertIfNew("lc_wf_work", ["id", "idempotency_key"]);
        Assert.That(sql, Is.EqualTo("INSERT INTO [lc_wf_work] (id, idempotency_key) SELECT @id, @idempotency_key WHERE NOT EXISTS (SELECT 1 FROM [lc_wf_work] WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = @idempotency_key)"));
    }

    [Test]
    public void PostgreSQL_claims_with_skip_locked()
    {
        var sql = new WorkQueueSql(new PostgresDialect()).Claim("lc_wf_work", "id");
        Assert.That(sql, Does.Contain("ORDER BY due_at LIMIT @take FOR UPDATE SKIP LOCKED").And.EndWith("RETURNING id"));
    }

    [Test]
    public void Filters_compare_numbers_whether_the_record_was_parsed_or_built_in_code()
    {
        var filter = System.Text.Json.Nodes.JsonNode.Parse("""{ "and": [ { "field": "budget", "op": "gt", "value": 1000000 }, { "field": "stage", "op": "in", "value": ["A", "B"] } ] }""");
        var built = new System.Text.Json.Nodes.JsonObject { ["budget"] = 2_000_000, ["stage"] = "B" };
        var parsed = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""{"budget": 500, "stage": "B"}""")!;
        Assert.That(Platform.Runtime.Workflows.Triggers.RecordFilter.Matches(filter, built), Is.True);
        Assert.That(Platform.Runtime.Workflows.Triggers.RecordFilter.Matches(filter, parsed), Is.False);
    }
}
