using System.Text.Json.Nodes;

namespace Platform.Runtime.Models;

/// <summary>Checks one JSON value against its field, with the same rules a write applies.</summary>
public static class FieldValueChecker
{
    /// <summary>The stored form of the value, or null with messages added to <paramref name="errors"/>.</summary>
    public static object? Check(FieldDefinition field, JsonNode? value, List<string> errors)
    {
        if (value is null)
        {
            if (field.Required) errors.Add("A value is required.");
            return null;
        }
        var stored = field.Kind.ToDb(value, field, errors);
        if (stored is string { Length: 0 } && field.Required) errors.Add("A value is required.");
        return stored is string { Length: 0 } ? null : stored;
    }
}
