using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;
using Platform.Runtime.Models;
using Platform.Runtime.Models.FieldTypes;
using Platform.Runtime.Security;

namespace Platform.Runtime.Data;

/// <summary>A write checked and converted: stored values per field key, plus system values the client set.</summary>
public sealed class PreparedWrite
{
    public string? Id { get; set; }
    public Dictionary<string, object?> Values { get; } = new();
    public Dictionary<string, object?> System { get; } = new();
}

/// <summary>
/// Checks the body of a create or patch: every key must be a field the caller may write, the body
/// must pass the model's JSON Schema, and every value must pass its field type's own checks
/// (lengths in characters, patterns with a time limit, dates, options). Collects every problem.
/// </summary>
public static class RecordInput
{
    // A validator holds only settings; one per thread avoids an allocation per write.
    [ThreadStatic] private static JsonSchemaValidator? _validator;

    private static readonly HashSet<string> PlatformSet = ["createdBy", "createdAt", "updatedBy", "updatedAt", "rowVersion", "deletedAt"];

    public static PreparedWrite Prepare(CompiledModel model, ModelAccess access, JsonObject body, bool create, Dictionary<string, string[]> errors, string prefix = "")
    {
        var result = new PreparedWrite();
        var own = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!own.TryGetValue(key, out var list)) own[key] = list = [];
            list.Add(message);
        }

        foreach (var (key, value) in body)
        {
            if (key == "id")
            {
                if (!create) { Add(key, "The id cannot be changed."); continue; }
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && IsId(v.GetValue<string>())) result.Id = v.GetValue<string>();
                else Add(key, "An id is 1–64 letters, digits, '-' or '_'.");
                continue;
            }
            if (key is "owner" or "department")
            {
                var fa = access.Field(key);
                if (fa == FieldAccess.Hidden) { Add(key, $"Unknown field '{key}'."); continue; }
                if (fa == FieldAccess.ReadOnly) { Add(key, "This field is read-only for you."); continue; }
                if (value is null) result.System[key] = null;
                else if (value is JsonValue sv && sv.GetValueKind() == JsonValueKind.String && sv.GetValue<string>() is { Length: > 0 and <= 64 } s) result.System[key] = s;
                else Add(key, "Expected a user or department id.");
                continue;
            }
            if (PlatformSet.Contains(key)) { Add(key, "This value is set by the platform."); continue; }
            var field = model.Field(key);
            var access1 = field is null ? FieldAccess.Hidden : access.Field(key);
            if (field is null || access1 == FieldAccess.Hidden) { Add(key, $"Unknown field '{key}'."); continue; }
            if (access1 == FieldAccess.ReadOnly) { Add(key, "This field is read-only for you."); continue; }
            if (!field.Kind.Writable || field.Relation?.Kind == "oneToMany") { Add(key, "This value is computed and cannot be written."); continue; }
        }

        // JSON Schema (NJsonSchema): types, enums, ranges, required, no unknown properties.
        var schema = create ? model.CreateValidator : model.PatchValidator;
        var withDefaults = body;
        if (create)
        {
            foreach (var f in model.ActiveFields.Values)
                if (f.Default is not null && f.Kind.Writable && !body.ContainsKey(f.Key) && access.Field(f.Key) == FieldAccess.Editable)
                {
                    if (ReferenceEquals(withDefaults, body)) withDefaults = (JsonObject)body.DeepClone();
                    withDefaults[f.Key] = f.Default.DeepClone();
                }
        }
        // A body the fast check accepts has no schema error; anything else gets NJsonSchema's verdict and wording.
        if ((create ? model.CreateCheck : model.PatchCheck)?.Accepts(withDefaults) != true)
        {
            try
            {
                _validator ??= new JsonSchemaValidator();
                foreach (var error in _validator.Validate(JToken.Parse(withDefaults.ToJsonString()), schema))
                    Collect(error, own, Add);
            }
            // A huge integer against a minimum makes NJsonSchema's conversion throw InvalidCastException.
            catch (Exception e) when (e is Newtonsoft.Json.JsonException or OverflowException or FormatException or ArgumentException or InvalidCastException)
            {
                Add("$", "The values could not be checked: " + e.Message);
            }
        }

        foreach (var f in model.ActiveFields.Values)
        {
            if (!f.Kind.Writable || f.Relation?.Kind == "oneToMany") continue;
            var present = withDefaults.TryGetPropertyValue(f.Key, out var value);
            if (!present && !create) continue;
            if (own.ContainsKey(f.Key)) continue;
            var list = new List<string>();
            var stored = FieldValueChecker.Check(f, value, list);
            if (!present && f.Required && list.Count > 0 && access.Field(f.Key) != FieldAccess.Editable) list.Clear();
            foreach (var m in list) Add(f.Key, m);
            if (list.Count == 0 && (present || stored is not null)) result.Values[f.Key] = stored;
        }

        foreach (var (k, v) in own) errors[prefix + k] = v.Distinct().ToArray();
        return result;
    }

    private static void Collect(ValidationError error, Dictionary<string, List<string>> own, Action<string, string> add)
    {
        if (error is ChildSchemaValidationError child)
            foreach (var inner in child.Errors.SelectMany(e => e.Value)) Collect(inner, own, add);
        var key = FieldOf(error);
        if (own.ContainsKey(key) && error.Kind is ValidationErrorKind.NoAdditionalPropertiesAllowed) return;
        if (error is ChildSchemaValidationError) return;
        add(key, Describe(error));
    }

    private static string FieldOf(ValidationError e)
    {
        var path = e.Path ?? "";
        if (path.StartsWith("#/")) path = path[2..];
        var end = path.IndexOfAny(['/', '[', '.']);
        var key = end < 0 ? path : path[..end];
        if (key.Length == 0) key = e.Property ?? "$";
        return key;
    }

    private static string Describe(ValidationError e) => e.Kind switch
    {
        ValidationErrorKind.PropertyRequired => "A value is required.",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"Unknown field '{e.Property}'.",
        ValidationErrorKind.NotInEnumeration => "The value is not one of the options.",
        ValidationErrorKind.NumberTooBig => "The number is too large for this field.",
        ValidationErrorKind.NumberTooSmall => "The number is too small for this field.",
        ValidationErrorKind.IntegerExpected => "Expected a whole number.",
        ValidationErrorKind.NumberExpected => "Expected a number.",
        ValidationErrorKind.StringExpected => "Expected text.",
        ValidationErrorKind.BooleanExpected => "Expected true or false.",
        ValidationErrorKind.ArrayExpected => "Expected a list.",
        ValidationErrorKind.ObjectExpected => "Expected an object.",
        ValidationErrorKind.ItemsNotUnique => "The list holds the same item twice.",
        _ => $"The value is not valid ({e.Kind}{(e.Path is { Length: > 0 } p ? " at " + p : "")}).",
    };

    public static bool IsId(string s) => s.Length is > 0 and <= 64 && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}
