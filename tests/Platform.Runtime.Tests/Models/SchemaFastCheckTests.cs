using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;
using Platform.Runtime.Data;
using Platform.Runtime.Data.Dialects;
using Platform.Runtime.Models;

namespace Platform.Runtime.Tests.Models;

/// <summary>
/// The fast check lets a valid write skip NJsonSchema; a write must never be accepted that NJsonSchema
/// (fed the body as before: serialised and parsed by Newtonsoft) would refuse. Every field type is
/// tried with good values and with every kind of wrong one, alone and mixed into whole bodies.
/// </summary>
public class SchemaFastCheckTests
{
    private static readonly CompiledModel Model = new("t", 1, AppModels.Parse((JsonArray)JsonNode.Parse("""
    [ { "key": "thing", "name": "Thing", "fields": [
        { "key": "title", "type": "text", "required": true, "maxLength": 20 },
        { "key": "code", "type": "text", "pattern": "^[A-Z]+$" },
        { "key": "qty", "type": "number", "integer": true, "min": 0, "max": 1000 },
        { "key": "amount", "type": "decimal", "min": -5.5, "max": 99999.99 },
        { "key": "rate", "type": "percent" },
        { "key": "stars", "type": "rating" },
        { "key": "done", "type": "boolean" },
        { "key": "due", "type": "date" },
        { "key": "at", "type": "datetime" },
        { "key": "mail", "type": "email" },
        { "key": "stage", "type": "singleSelect", "required": true, "options": [ { "value": "lead" }, { "value": "won" }, { "value": "2026-03-31T08:00:00Z" } ] },
        { "key": "tags", "type": "multiSelect", "options": [ { "value": "a" }, { "value": "b" }, { "value": "2026-03-31T08:00:00Z" }, { "value": "2026-03-31T08:00:00+00:00" } ] },
        { "key": "files", "type": "attachment" },
        { "key": "lines", "type": "subTable", "subTable": { "fields": [
            { "key": "item", "type": "text", "required": true }, { "key": "n", "type": "number", "integer": true, "min": 1 } ] } },
        { "key": "code2", "type": "autoNumber", "autoNumber": { "pattern": "T-{0000}" } } ] } ]
    """)!)["thing"], new SqliteDialect());

    private static readonly JsonNode?[] Values = Parse("""
    [ null, "", "x", "lead", "won", "LEAD", "2026-03-31", "2026-03-31T08:00:00Z", "2026-03-31T08:00:00+00:00", "/Date(0)/", "a", "b",
      0, -0, 1, 5, 6, 1.0, 1.5, -5.5, -5.6, 1e2, 1E-2, 99999.99, 99999.991, 1000, 1001, 12345678901234567890123, 1e400, -1e400, 0.30000000000000004,
      true, false, [], ["a"], ["a", "a"], ["a", "b"], ["c"], [1], [null], ["2026-03-31T08:00:00Z", "2026-03-31T08:00:00+00:00"],
      [ { "id": "f1" } ], [ { "id": "f1", "size": -1 } ], [ { "id": "f1", "size": 1.0 } ], [ { "name": "x" } ], [ { "id": "f1", "extra": 1 } ],
      [ { "item": "x" } ], [ { "item": "x", "n": 0 } ], [ { "item": "x", "n": 2 } ], [ { "n": 2 } ], [ { "item": null } ], [ { "item": "x", "id": "l1" } ], [ { "item": "x", "zzz": 1 } ],
      {}, { "a": 1 } ]
    """);

    private static JsonNode?[] Parse(string json) => JsonNode.Parse(json)!.AsArray().Select(v => v?.DeepClone()).ToArray();

    private static bool NJsonSchemaAccepts(JsonObject body, NJsonSchema.JsonSchema schema)
    {
        try { return new JsonSchemaValidator().Validate(JToken.Parse(body.ToJsonString()), schema).Count == 0; }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or OverflowException or FormatException or ArgumentException or InvalidCastException) { return false; }
    }

    private static JsonObject Valid() => new() { ["title"] = "t", ["stage"] = "lead" };

    [Test]
    public void The_models_schemas_compile_to_fast_checks()
    {
        Assert.That(Model.CreateCheck, Is.Not.Null);
        Assert.That(Model.PatchCheck, Is.Not.Null);
    }

    [Test]
    public void Every_field_with_every_kind_of_value_is_accepted_only_when_NJsonSchema_accepts_it()
    {
        var accepted = 0;
        foreach (var key in Model.ActiveFields.Keys.Append("unknown").Append("id").Append("owner"))
            foreach (var value in Values)
                foreach (var (check, schema, body) in new[]
                {
                    (Model.CreateCheck!, Model.CreateValidator, Valid()),
                    (Model.PatchCheck!, Model.PatchValidator, new JsonObject()),
                })
                {
                    body[key] = value?.DeepClone();
                    if (!check.Accepts(body)) continue;
                    accepted++;
                    Assert.That(NJsonSchemaAccepts(body, schema), Is.True, $"{key} = {value?.ToJsonString() ?? "null"} was accepted");
                }
        // The fast path is really taken for ordinary values.
        Assert.That(accepted, Is.GreaterThan(100));
    }

    [Test]
    public void Whole_bodies_of_mixed_values_are_accepted_only_when_NJsonSchema_accepts_them()
    {
        var random = new Random(3);
        var keys = Model.ActiveFields.Keys.ToArray();
        var accepted = 0;
        for (var i = 0; i < 3000; i++)
        {
            // A valid record with one to three fields changed to any value, or left out.
            var body = Typical();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var key = keys[random.Next(keys.Length)];
                if (random.Next(5) == 0) body.Remove(key);
                else body[key] = Values[random.Next(Values.Length)]?.DeepClone();
            }
            var create = random.Next(2) == 0;
            if (!(create ? Model.CreateCheck! : Model.PatchCheck!).Accepts(body)) continue;
            accepted++;
            Assert.That(NJsonSchemaAccepts(body, create ? Model.CreateValidator : Model.PatchValidator), Is.True, body.ToJsonString());
        }
        Assert.That(accepted, Is.GreaterThan(300));
    }

    private static JsonObject Typical() => (JsonObject)JsonNode.Parse("""
        { "title": "新商机", "stage": "won", "qty": 3, "amount": 1234.5, "rate": 0.25, "stars": 4, "done": true, "due": "2026-03-31",
          "at": "2026-03-31T08:00:00Z", "mail": "a@b.cn", "tags": ["a", "b"], "files": [ { "id": "f1", "name": "a.pdf", "size": 10 } ],
          "lines": [ { "item": "x", "n": 2 } ], "owner": null }
        """)!;

    [Test]
    public void A_typical_valid_record_takes_the_fast_path()
    {
        Assert.That(Model.CreateCheck!.Accepts(Typical()), Is.True);
        Assert.That(NJsonSchemaAccepts(Typical(), Model.CreateValidator), Is.True);
    }
}
