using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Platform.Runtime.Data;

/// <summary>
/// A model's validation schema compiled into direct checks of the request's JSON nodes, so a valid
/// write skips NJsonSchema (which needs the body turned into a string and parsed again into its own
/// tokens). It only says "certainly valid": whatever it accepts NJsonSchema accepts too, and whenever
/// it is unsure (a refusal, a keyword it does not know, a text that the Newtonsoft reader would take
/// for a date) the write goes through NJsonSchema as before, which also words the errors. Built only
/// for schemas that use nothing but type, enum, minimum/maximum, properties, required,
/// additionalProperties: false, items and uniqueItems (what <c>ModelSchemaGenerator</c> writes).
/// </summary>
public sealed class SchemaFastCheck
{
    private readonly JsonObjectType _type;
    private readonly HashSet<string>? _enum;
    private readonly decimal? _minimum, _maximum;
    private readonly Dictionary<string, (SchemaFastCheck Check, bool Required)>? _properties;
    private readonly bool _additionalProperties;
    private readonly SchemaFastCheck? _items;
    private readonly bool _uniqueItems;

    private SchemaFastCheck(JsonSchema s, Dictionary<string, (SchemaFastCheck, bool)>? properties, SchemaFastCheck? items, HashSet<string>? enumeration)
    {
        _type = s.Type;
        _enum = enumeration;
        _minimum = s.Minimum;
        _maximum = s.Maximum;
        _properties = properties;
        _additionalProperties = s.AllowAdditionalProperties;
        _items = items;
        _uniqueItems = s.UniqueItems;
    }

    /// <summary>The check of a schema, or null when it uses anything this check does not implement.</summary>
    public static SchemaFastCheck? Compile(JsonSchema schema)
    {
        var s = schema.ActualSchema;
        if (s.HasReference || s.AnyOf.Count > 0 || s.AllOf.Count > 0 || s.OneOf.Count > 0 || s.Not is not null ||
            s.Pattern is not null || s.MinLength is not null || s.MaxLength is not null || !string.IsNullOrEmpty(s.Format) ||
            s.ExclusiveMinimum is not null || s.ExclusiveMaximum is not null || s.IsExclusiveMinimum || s.IsExclusiveMaximum ||
            s.MultipleOf is not null || s.MinItems > 0 || s.MaxItems > 0 || s.Items.Count > 0 || s.PatternProperties.Count > 0 ||
            s.AdditionalPropertiesSchema is not null || s.MinProperties > 0 || s.MaxProperties > 0 || s.Type == JsonObjectType.None ||
            (s.Type & ~(JsonObjectType.String | JsonObjectType.Number | JsonObjectType.Integer | JsonObjectType.Boolean |
                        JsonObjectType.Object | JsonObjectType.Array | JsonObjectType.Null)) != 0)
            return null;
        HashSet<string>? enumeration = null;
        if (s.Enumeration.Count > 0)
        {
            // Text options only: NJsonSchema reads an option that looks like a date-time as a date, which matches
            // no text here (the value is then left to NJsonSchema); the null of a nullable field is the null check's.
            enumeration = s.Enumeration.OfType<string>().ToHashSet(StringComparer.Ordinal);
        }
        Dictionary<string, (SchemaFastCheck, bool)>? properties = null;
        if (s.Properties.Count > 0 || s.RequiredProperties.Count > 0)
        {
            properties = new Dictionary<string, (SchemaFastCheck, bool)>(StringComparer.Ordinal);
            foreach (var (key, property) in s.Properties)
            {
                if (Compile(property) is not { } check) return null;
                properties[key] = (check, s.RequiredProperties.Contains(key));
            }
            if (s.RequiredProperties.Any(r => !s.Properties.ContainsKey(r))) return null;
        }
        SchemaFastCheck? items = null;
        if (s.Item is not null && (items = Compile(s.Item)) is null) return null;
        return new SchemaFastCheck(s, properties, items, enumeration);
    }

    /// <summary>True only when NJsonSchema would find no error in the value (false: unsure, ask NJsonSchema).</summary>
    public bool Accepts(JsonNode? value)
    {
        if (value is null) return _type.HasFlag(JsonObjectType.Null);
        // Enumerations are compared by text only for text values; properties only apply to objects.
        if (_enum is not null && value is not JsonValue) return false;
        if (_properties is not null && value is not JsonObject) return false;
        switch (value)
        {
            case JsonObject o:
                if (!_type.HasFlag(JsonObjectType.Object)) return false;
                foreach (var (key, child) in o)
                {
                    if (_properties is not null && _properties.TryGetValue(key, out var p)) { if (!p.Check.Accepts(child)) return false; }
                    else if (!_additionalProperties) return false;
                }
                if (_properties is not null)
                    foreach (var (key, p) in _properties)
                        if (p.Required && !o.ContainsKey(key)) return false;
                return true;
            case JsonArray a:
                if (!_type.HasFlag(JsonObjectType.Array)) return false;
                var seen = _uniqueItems ? new HashSet<string>(StringComparer.Ordinal) : null;
                foreach (var item in a)
                {
                    if (_items is not null && !_items.Accepts(item)) return false;
                    if (seen is null) continue;
                    // NJsonSchema tells items apart by their text: only plain texts are compared here.
                    if (item is not JsonValue iv || iv.GetValueKind() != JsonValueKind.String) return false;
                    var text = iv.GetValue<string>();
                    if (MayReadAsDate(text) || !seen.Add(text)) return false;
                }
                return true;
            case JsonValue v:
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => _type.HasFlag(JsonObjectType.String) && EnumAccepts(v.GetValue<string>()),
                    JsonValueKind.Number => _enum is null && NumberAccepts(v),
                    JsonValueKind.True or JsonValueKind.False => _enum is null && _type.HasFlag(JsonObjectType.Boolean),
                    _ => false,
                };
            default:
                return false;
        }
    }

    private bool EnumAccepts(string s) => _enum is null || _enum.Contains(s) && !MayReadAsDate(s);

    /// <summary>
    /// Newtonsoft's reader turns ISO date-times ("2026-03-31T08:00:00…", 19 to 40 characters) and "/Date(…)/"
    /// into date tokens, which NJsonSchema compares by their formatted value: such texts are left to it.
    /// </summary>
    private static bool MayReadAsDate(string s) =>
        s.StartsWith("/Date(", StringComparison.Ordinal) || s.Length >= 19 && s.Length <= 40 && char.IsAsciiDigit(s[0]) && s[10] == 'T';

    private bool NumberAccepts(JsonValue v)
    {
        // Newtonsoft reads a number without '.', 'e' or 'E' as an integer token, any other as a double.
        var text = v.ToJsonString();
        var isInteger = text.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        if (!_type.HasFlag(JsonObjectType.Number) && !(isInteger && _type.HasFlag(JsonObjectType.Integer))) return false;
        // NJsonSchema converts every number to decimal: an integer beyond long (a BigInteger token) makes it throw.
        decimal value;
        if (isInteger)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return false;
            value = l;
        }
        else
        {
            if (_minimum is null && _maximum is null) return true;
            // A double is compared converted to decimal (rounded to 15 digits), as NJsonSchema does.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d)) return false;
            try { value = Convert.ToDecimal(d, CultureInfo.InvariantCulture); }
            catch (OverflowException) { return false; }
        }
        return (_minimum is not { } min || value >= min) && (_maximum is not { } max || value <= max);
    }
}
