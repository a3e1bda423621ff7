using System.Text.Json.Nodes;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// A number the platform gives each new record from a pattern such as "HT-{yyyyMM}-{0000}"; the
/// counter lives in lc_counters, one per rendered prefix, so it restarts each period and stays
/// unique under concurrency.
/// </summary>
public sealed class AutoNumberFieldType : FieldType
{
    public override string Name => "autoNumber";
    public override bool Writable => false;
    public override bool CanBeUnique => true;
    public override JsonObject Schema(FieldDefinition f) => new() { ["type"] = "string", ["readOnly"] = true };

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        errors.Add("The number is given by the platform.");
        return null;
    }

    public override JsonNode? FromDb(object value, FieldDefinition f) => JsonValue.Create((string)value);
}
