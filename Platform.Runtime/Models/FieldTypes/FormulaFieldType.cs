using System.Text.Json.Nodes;
using Platform.Runtime.Data;

namespace Platform.Runtime.Models.FieldTypes;

/// <summary>
/// A value computed from the record's other fields by a JavaScript expression when the record is
/// written, stored in a column of its result type so it can be filtered and sorted.
/// </summary>
public sealed class FormulaFieldType : FieldType
{
    public override string Name => "formula";
    public override bool Writable => false;

    private static FieldType Result(FieldDefinition f) => FieldTypeRegistry.Get(f.Formula?.ResultType switch
    {
        "text" => "text",
        "decimal" => "decimal",
        "boolean" => "boolean",
        "date" => "date",
        "datetime" => "datetime",
        _ => "number",
    });

    public override SqlType? Column(FieldDefinition f) => Result(f).Column(f);

    public override JsonObject Schema(FieldDefinition f)
    {
        var s = Result(f).Schema(f);
        s.Remove("maxLength");
        s["readOnly"] = true;
        return s;
    }

    public override object? ToDb(JsonNode value, FieldDefinition f, List<string> errors)
    {
        errors.Add("The value is computed by the formula.");
        return null;
    }

    /// <summary>A computed value as stored; what the result type refuses goes to <paramref name="errors"/>.</summary>
    public object? FromComputed(JsonNode? value, FieldDefinition f, List<string> errors) =>
        value is null ? null : Result(f).ToDb(value, f, errors);

    public override JsonNode? FromDb(object value, FieldDefinition f) => Result(f).FromDb(value, f);
}
