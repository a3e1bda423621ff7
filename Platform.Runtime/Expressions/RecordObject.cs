using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace Platform.Runtime.Expressions;

/// <summary>
/// A record (or any dictionary) as a plain JavaScript object whose fields are converted on first use.
/// A condition that reads 3 of 30 fields converts 3: this is what keeps a prepared condition within
/// a few microseconds. Once converted, a field is an ordinary own data property, so writes, deletes,
/// Object.keys, spread and JSON.stringify behave exactly as on a plain object. No .NET object is exposed.
/// </summary>
internal sealed class RecordObject : ObjectInstance
{
    private readonly IReadOnlyDictionary<string, object?> _source;
    private readonly TimeZoneInfo _zone;
    private readonly int _depth;
    private HashSet<string>? _done;
    private bool _allDone;

    public RecordObject(Engine engine, IReadOnlyDictionary<string, object?> source, TimeZoneInfo zone, int depth) : base(engine)
    {
        _source = source;
        _zone = zone;
        _depth = depth;
        Prototype = engine.Intrinsics.Object.PrototypeObject;
    }

    private void Materialize(JsValue property)
    {
        if (_allDone || !property.IsString()) return;
        var key = property.AsString();
        if (!_source.TryGetValue(key, out var value)) return;
        _done ??= new HashSet<string>(StringComparer.Ordinal);
        if (!_done.Add(key)) return;
        base.DefineOwnProperty(property, new PropertyDescriptor(ValueBridge.ToJs(_engine, value, _zone, _depth + 1), PropertyFlag.ConfigurableEnumerableWritable));
    }

    private void MaterializeAll()
    {
        if (_allDone) return;
        foreach (var key in _source.Keys) Materialize(new JsString(key));
        _allDone = true;
    }

    public override JsValue Get(JsValue property, JsValue receiver) { Materialize(property); return base.Get(property, receiver); }
    public override PropertyDescriptor GetOwnProperty(JsValue property) { Materialize(property); return base.GetOwnProperty(property); }
    public override bool HasProperty(JsValue property) { Materialize(property); return base.HasProperty(property); }
    public override bool Set(JsValue property, JsValue value, JsValue receiver) { Materialize(property); return base.Set(property, value, receiver); }
    public override bool Delete(JsValue property) { Materialize(property); return base.Delete(property); }
    public override bool DefineOwnProperty(JsValue property, PropertyDescriptor desc) { Materialize(property); return base.DefineOwnProperty(property, desc); }
    public override void RemoveOwnProperty(JsValue property) { Materialize(property); base.RemoveOwnProperty(property); }
    protected override bool TryGetProperty(JsValue property, out PropertyDescriptor descriptor)
    {
        Materialize(property);
        var found = base.TryGetProperty(property, out var d);
        descriptor = d!;
        return found;
    }
    protected override void SetOwnProperty(JsValue property, PropertyDescriptor desc) { Materialize(property); base.SetOwnProperty(property, desc); }
    public override List<JsValue> GetOwnPropertyKeys(Types types = Types.String | Types.Symbol) { MaterializeAll(); return base.GetOwnPropertyKeys(types); }
    public override IEnumerable<KeyValuePair<JsValue, PropertyDescriptor>> GetOwnProperties() { MaterializeAll(); return base.GetOwnProperties(); }
    public override bool PreventExtensions() { MaterializeAll(); return base.PreventExtensions(); }
}
