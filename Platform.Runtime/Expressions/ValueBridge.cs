using System.Collections;
using System.Globalization;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Platform.Runtime.Expressions.Library;

namespace Platform.Runtime.Expressions;

/// <summary>
/// Carries plain .NET values into a script and results back out, without JSON and without handing the
/// script any .NET object. Dates enter as ISO strings in the zone (see <see cref="DateValue"/>).
/// </summary>
public static class ValueBridge
{
    private const int MaxDepth = 32;

    public static JsValue ToJs(Engine engine, object? value, TimeZoneInfo zone, int depth = 0)
    {
        if (depth > MaxDepth) throw new ExpressionException("A value passed to the expression is nested too deeply (or refers to itself).");
        switch (value)
        {
            case null: return JsValue.Null;
            case JsValue js: return js;
            case string s: return new JsString(s);
            case bool b: return b ? JsBoolean.True : JsBoolean.False;
            case double d: return new JsNumber(d);
            case int i: return new JsNumber(i);
            case long l: return new JsNumber(l);
            case decimal m: return new JsNumber((double)m);
            case float f: return new JsNumber(f);
            case short or byte or sbyte or ushort or uint or ulong: return new JsNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTimeOffset o: return new JsString(DateValue.OfInstant(o, zone).Format(zone));
            case DateTime t:
                return new JsString(t.Kind == DateTimeKind.Unspecified
                    ? new DateValue(t, true).Format(zone)
                    : DateValue.OfInstant(new DateTimeOffset(t.ToUniversalTime()), zone).Format(zone));
            case DateOnly d: return new JsString(DateValue.OfDate(d).Format(zone));
            case TimeOnly t: return new JsString(t.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            case Guid g: return new JsString(g.ToString());
            case Enum e: return new JsString(e.ToString());
            case JsonElement j: return ToJs(engine, FromJson(j), zone, depth);
            case IReadOnlyDictionary<string, object?> dict:
                return new RecordObject(engine, dict, zone, depth);
            case IDictionary<string, object?> dict:
                return new RecordObject(engine, new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(dict), zone, depth);
            case IEnumerable list:
            {
                var items = new List<JsValue>();
                foreach (var item in list) items.Add(ToJs(engine, item, zone, depth + 1));
                return new JsArray(engine, items.ToArray());
            }
            default:
                throw new ExpressionException($"A value of type {value.GetType().Name} cannot be passed to an expression.");
        }
    }

    /// <summary>
    /// A script's value as plain .NET: null, bool, double (finite; NaN and ±Infinity become null),
    /// string, List&lt;object?&gt;, Dictionary&lt;string, object?&gt;. A Date becomes its ISO string in the zone.
    /// </summary>
    public static object? FromJs(JsValue value, TimeZoneInfo zone, int depth = 0)
    {
        if (depth > MaxDepth) throw new ExpressionException("The result is nested too deeply (or refers to itself).");
        switch (value)
        {
            case JsString: return value.AsString();
            case JsNumber: var d = value.AsNumber(); return double.IsFinite(d) ? d : null;
            case JsBoolean: return value.AsBoolean();
            case JsDate date:
                return date.DateValue is var ms && double.IsFinite(ms)
                    ? DateValue.OfInstant(DateTimeOffset.FromUnixTimeMilliseconds((long)ms), zone).Format(zone)
                    : null;
            case JsArray array:
            {
                var list = new List<object?>((int)array.Length);
                for (uint i = 0; i < array.Length; i++) list.Add(FromJs(array.Get(i), zone, depth + 1));
                return list;
            }
            case ObjectInstance obj when !value.IsUndefined() && !value.IsNull():
            {
                if (obj is Jint.Native.Function.Function) throw new ExpressionException("The expression gave a function, not a value.");
                var dict = new Dictionary<string, object?>();
                foreach (var (key, descriptor) in obj.GetOwnProperties())
                {
                    if (!key.IsString() || !descriptor.Enumerable) continue;
                    dict[key.AsString()] = FromJs(obj.Get(key), zone, depth + 1);
                }
                return dict;
            }
            default: return value.IsUndefined() || value.IsNull() ? null : value.ToString();
        }
    }

    /// <summary>JSON (e.g. an API request's context) as plain .NET values.</summary>
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)),
        _ => null,
    };

    /// <summary>Arguments of a library call as plain .NET values (Dates become instants).</summary>
    public static object? ArgumentFromJs(JsValue value, TimeZoneInfo zone) => value switch
    {
        JsDate date when double.IsFinite(date.DateValue) => DateTimeOffset.FromUnixTimeMilliseconds((long)date.DateValue),
        _ => FromJs(value, zone),
    };
}
