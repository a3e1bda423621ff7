using System.Text.Json.Nodes;
using Platform.Runtime.Models;

namespace Platform.Runtime.Tests.Models;

/// <summary>Outside schemas: what is accepted becomes an equivalent model; everything else is refused by name and path.</summary>
public class SchemaImporterTests
{
    private static JsonObject Body(string schema) =>
        new() { ["key"] = "imported", ["name"] = "Imported", ["schema"] = JsonNode.Parse(schema) };

    private static IDictionary<string, string[]> Refusal(string schema)
    {
        var e = Assert.Throws<ValidationFailedException>(() => SchemaImporter.ToModel(Body(schema)))!;
        return e.Errors;
    }

    [Test]
    public void A_plain_schema_becomes_a_model_with_matching_fields()
    {
        var model = SchemaImporter.ToModel(Body("""
        { "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
          "required": ["name"],
          "definitions": { "stage": { "type": "string", "enum": ["a", "b"] } },
          "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 80, "title": "名称" },
            "age": { "type": "integer", "minimum": 0, "maximum": 150 },
            "score": { "type": ["number", "null"] },
            "email": { "type": "string", "format": "email" },
            "born": { "type": "string", "format": "date" },
            "active": { "type": "boolean", "default": true },
            "stage": { "$ref": "#/definitions/stage" },
            "tags": { "type": "array", "items": { "type": "string", "enum": ["x", "y"] }, "uniqueItems": true }
          } }
        """));
        var fields = model["fields"]!.AsArray().ToDictionary(f => f!["key"]!.GetValue<string>(), f => f!);
        Assert.That(fields["name"]!["type"]!.GetValue<string>(), Is.EqualTo("text"));
        Assert.That(fields["name"]!["required"]!.GetValue<bool>(), Is.True);
        Assert.That(fields["name"]!["maxLength"]!.GetValue<int>(), Is.EqualTo(80));
        Assert.That(fields["age"]!["integer"]!.GetValue<bool>(), Is.True);
        Assert.That(fields["age"]!["max"]!.GetValue<int>(), Is.EqualTo(150));
        Assert.That(fields["email"]!["type"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(fields["born"]!["type"]!.GetValue<string>(), Is.EqualTo("date"));
        Assert.That(fields["stage"]!["type"]!.GetValue<string>(), Is.EqualTo("singleSelect"));
        Assert.That(fields["tags"]!["type"]!.GetValue<string>(), Is.EqualTo("multiSelect"));
        Assert.That(fields["active"]!["default"]!.GetValue<bool>(), Is.True);
    }

    private const string Head = "\"type\": \"object\", \"additionalProperties\": false";

    [TestCase("const", "{ \"type\": \"string\", \"const\": \"x\" }")]
    [TestCase("if", "{ \"type\": \"string\", \"if\": { \"minLength\": 1 }, \"then\": { \"maxLength\": 2 } }")]
    [TestCase("then", "{ \"type\": \"string\", \"if\": { \"minLength\": 1 }, \"then\": { \"maxLength\": 2 } }")]
    [TestCase("contains", "{ \"type\": \"array\", \"contains\": { \"type\": \"string\" } }")]
    [TestCase("dependentRequired", "{ \"type\": \"string\", \"dependentRequired\": { \"a\": [\"b\"] } }")]
    [TestCase("propertyNames", "{ \"type\": \"string\", \"propertyNames\": { \"maxLength\": 3 } }")]
    [TestCase("unevaluatedProperties", "{ \"type\": \"string\", \"unevaluatedProperties\": false }")]
    [TestCase("prefixItems", "{ \"type\": \"array\", \"prefixItems\": [ { \"type\": \"string\" } ] }")]
    [TestCase("patternProperties", "{ \"type\": \"object\", \"patternProperties\": { \"^a\": {}, \"^b\": {} } }")]
    [TestCase("nullable", "{ \"type\": \"integer\", \"nullable\": true }")]
    [TestCase("x-nullable", "{ \"type\": \"integer\", \"x-nullable\": true }")]
    [TestCase("dependencies", "{ \"type\": \"string\", \"dependencies\": { \"a\": [\"b\"] } }")]
    [TestCase("multipleOf", "{ \"type\": \"number\", \"multipleOf\": 2 }")]
    [TestCase("oneOf", "{ \"oneOf\": [ { \"type\": \"string\" }, { \"type\": \"number\" } ] }")]
    [TestCase("maxItems", "{ \"type\": \"array\", \"items\": { \"type\": \"string\", \"enum\": [\"a\"] }, \"uniqueItems\": true, \"maxItems\": 0 }")]
    public void An_unenforced_keyword_is_refused_naming_it_and_its_path(string keyword, string property)
    {
        var errors = Refusal($$"""{ {{Head}}, "properties": { "p": {{property}} } }""");
        Assert.That(errors.Keys, Has.Some.EqualTo($"schema/properties/p/{keyword}"), string.Join(" | ", errors.Select(e => e.Key + ": " + string.Join(";", e.Value))));
        Assert.That(errors[$"schema/properties/p/{keyword}"][0], Does.Contain(keyword));
    }

    [Test]
    public void Misspelled_types_type_beside_ref_and_unknown_formats_are_refused()
    {
        var errors = Refusal($$"""{ {{Head}}, "definitions": { "d": { "type": "string" } }, "properties": { "a": { "type": "integr" }, "b": { "$ref": "#/definitions/d", "type": "integer" }, "c": { "type": "string", "format": "ipv4" } } }""");
        Assert.That(errors["schema/properties/a/type"][0], Does.Contain("integr"));
        Assert.That(errors["schema/properties/b"][0], Does.Contain("beside $ref"));
        Assert.That(errors["schema/properties/c/format"][0], Does.Contain("ipv4"));
    }

    [TestCase("http://169.254.169.254/latest/meta-data")]
    [TestCase("file:///etc/passwd")]
    [TestCase("other.json#/definitions/x")]
    [TestCase("#foo")]
    public void Remote_file_and_anchor_references_are_refused_without_being_fetched(string reference)
    {
        var errors = Refusal($$"""{ {{Head}}, "properties": { "a": { "$ref": "{{reference}}" } } }""");
        Assert.That(errors["schema/properties/a/$ref"][0], Does.Contain("Only references inside the schema"));
    }

    [Test]
    public void Reference_cycles_are_refused_before_NJsonSchema_could_recurse_forever()
    {
        var errors = Refusal($$"""{ {{Head}}, "definitions": { "a": { "$ref": "#/definitions/b" }, "b": { "$ref": "#/definitions/a" } }, "properties": { "x": { "$ref": "#/definitions/a" } } }""");
        Assert.That(errors.Values.SelectMany(v => v), Has.Some.Contains("leads back to itself"));
        errors = Refusal($$"""{ {{Head}}, "properties": { "self": { "$ref": "#" } } }""");
        Assert.That(errors.Keys, Is.Not.Empty);
    }

    [Test]
    public void Huge_or_deeply_nested_schemas_are_refused()
    {
        var deep = "{ \"type\": \"string\" }";
        for (var i = 0; i < 28; i++) deep = $$"""{ "type": "object", "properties": { "n": {{deep}} } }""";
        var errors = Refusal($$"""{ {{Head}}, "properties": { "a": {{deep}} } }""");
        Assert.That(errors.Values.SelectMany(v => v), Has.Some.Contains("nested more than"));

        var many = string.Join(", ", Enumerable.Range(0, 20000).Select(i => $"\"p{i}\": {{ \"type\": \"string\", \"description\": \"{new string('x', 10)}\" }}"));
        errors = Refusal($$"""{ {{Head}}, "properties": { {{many}} } }""");
        Assert.That(errors.Values.SelectMany(v => v), Has.Some.Contains("larger than"));
    }

    [Test]
    public void Constructs_the_model_would_judge_differently_are_refused()
    {
        var errors = Refusal("""{ "type": "object", "properties": { "a": { "type": "string" } } }""");
        Assert.That(errors.Keys, Does.Contain("schema/additionalProperties"));
        errors = Refusal($$"""{ {{Head}}, "required": ["a", "b"], "properties": { "a": { "type": "string" }, "b": { "type": ["integer", "null"] } } }""");
        Assert.That(errors.Keys, Does.Contain("schema/properties/a"), "required text without minLength would accept \"\"");
        Assert.That(errors.Keys, Does.Contain("schema/properties/b/type"), "required but nullable");
        errors = Refusal($$"""{ {{Head}}, "properties": { "obj": { "type": "object" }, "list": { "type": "array", "items": { "type": "integer" } }, "Bad-Name": { "type": "string" } } }""");
        Assert.That(errors.Keys, Is.SupersetOf(new[] { "schema/properties/obj", "schema/properties/list", "schema/properties/Bad-Name" }));
        errors = Refusal("true");
        Assert.That(errors.Keys, Does.Contain("schema"));
        errors = Refusal($$"""{ {{Head}}, "properties": { "a": { "type": "string", "required": true } } }""");
        Assert.That(errors.Keys, Does.Contain("schema/properties/a/required"));
        errors = Refusal($$"""{ {{Head}}, "properties": { "a": { "type": "number", "maximum": 1e400 } } }""");
        Assert.That(errors.Keys, Does.Contain("schema/properties/a/maximum"));
        errors = Refusal($$"""{ {{Head}}, "properties": { "a": { "type": "string", "pattern": "\\p{Letter}+" } } }""");
        Assert.That(errors.Keys, Does.Contain("schema/properties/a/pattern"));
    }
}
