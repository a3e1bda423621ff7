using Acornima;
using Acornima.Ast;
using Platform.Runtime.Expressions;

namespace Platform.Runtime.Models;

/// <summary>
/// The order formula fields are computed in: a formula that reads another formula comes after it.
/// Formulas see the record's fields as variables (<c>amount</c>) and as <c>record.amount</c>. A cycle
/// (a → b → a) is refused when the model is saved, naming the fields.
/// </summary>
public static class FormulaOrder
{
    /// <summary>Variable names a formula of a model with these field keys sees.</summary>
    public static IReadOnlyList<string> Variables(IEnumerable<string> fieldKeys) =>
        fieldKeys.Where(k => k is not "record" && !Reserved.Contains(k)).Append("record").ToList();

    /// <summary>Keys that cannot be JavaScript parameter names in strict mode: such fields are read as record.x only.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export",
        "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super",
        "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static",
        "implements", "interface", "package", "private", "protected", "public", "await", "eval", "arguments", "undefined",
    };

    /// <summary>
    /// The formula fields in dependency order; every problem (bad JavaScript, cycles) goes to
    /// <paramref name="error"/> with the field's path.
    /// </summary>
    public static IReadOnlyList<FieldDefinition> Sort(IReadOnlyList<FieldDefinition> fields, Func<FieldDefinition, string> pathOf, Action<string, string> error)
    {
        var formulas = fields.Where(f => f.Formula is not null && !f.Retired).ToList();
        if (formulas.Count == 0) return [];
        var names = Variables(fields.Where(f => !f.Retired).Select(f => f.Key));
        var byKey = formulas.ToDictionary(f => f.Key);
        var deps = new Dictionary<string, HashSet<string>>();
        foreach (var f in formulas)
        {
            if (string.IsNullOrWhiteSpace(f.Formula!.Expression)) { deps[f.Key] = []; continue; }
            if (ExpressionSyntax.Problem(f.Formula.Expression, names) is { } bad)
            {
                error(pathOf(f) + ".formula.expression", $"Formula '{f.Key}': {bad}");
                deps[f.Key] = [];
                continue;
            }
            var reads = Reads(f.Formula.Expression);
            deps[f.Key] = reads.Where(byKey.ContainsKey).ToHashSet();
            // Stored formulas are computed when their own record is written; a rollup changes with other records.
            foreach (var r in fields.Where(x => x.Rollup is not null && !x.Retired && reads.Contains(x.Key)))
                error(pathOf(f) + ".formula.expression", $"Formula '{f.Key}' reads the rollup '{r.Key}', which changes when related records change; use the rollup itself, or a view.");
        }

        // Depth-first topological sort; a key met again while still on the path closes a cycle.
        var order = new List<FieldDefinition>();
        var state = new Dictionary<string, int>(); // 1 = on the path, 2 = done
        var path = new List<string>();
        var reported = false;
        void Visit(string key)
        {
            if (state.GetValueOrDefault(key) == 2) return;
            if (state.GetValueOrDefault(key) == 1)
            {
                if (!reported)
                {
                    var cycle = path.Skip(path.IndexOf(key)).Append(key);
                    error(pathOf(byKey[key]) + ".formula.expression", $"Formulas refer to each other in a circle: {string.Join(" → ", cycle)}.");
                    reported = true;
                }
                return;
            }
            state[key] = 1;
            path.Add(key);
            foreach (var d in deps[key].Order(StringComparer.Ordinal)) Visit(d);
            path.RemoveAt(path.Count - 1);
            state[key] = 2;
            order.Add(byKey[key]);
        }
        foreach (var f in formulas) Visit(f.Key);
        return order;
    }

    /// <summary>Field keys an expression may read: bare identifiers and <c>record.x</c> / <c>record['x']</c>.</summary>
    public static IReadOnlySet<string> Reads(string expression)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Node tree;
        try
        {
            var parser = new Parser();
            try { tree = parser.ParseScript($"(\n{expression.Trim().TrimEnd(';')}\n)"); }
            catch (ParseErrorException) { tree = parser.ParseScript($"(function () {{\n{expression}\n}})"); }
        }
        catch (ParseErrorException)
        {
            return found;
        }
        Walk(tree, found);
        return found;
    }

    private static void Walk(Node node, HashSet<string> found)
    {
        switch (node)
        {
            case Identifier id:
                found.Add(id.Name);
                return;
            case MemberExpression m:
                if (m.Object is Identifier { Name: "record" })
                {
                    if (!m.Computed && m.Property is Identifier p) found.Add(p.Name);
                    else if (m.Property is StringLiteral s) found.Add(s.Value);
                    else Walk(m.Property, found);
                    return;
                }
                Walk(m.Object, found);
                if (m.Computed) Walk(m.Property, found);
                return;
            case Property prop when !prop.Computed && !prop.Shorthand:
                Walk(prop.Value, found);
                return;
        }
        foreach (var child in node.ChildNodes) Walk(child, found);
    }
}
