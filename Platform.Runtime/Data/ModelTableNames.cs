using System.Security.Cryptography;
using System.Text;

namespace Platform.Runtime.Data;

/// <summary>
/// SQL names of the tables behind models, derived from app and model keys only. "__" separates the
/// parts (keys never contain "__"), so two different models never share a name; names longer than
/// every database accepts are shortened with a hash.
/// </summary>
public static class ModelTableNames
{
    private const int Max = 60;

    private static string Base(string app, string model) => app.Replace('-', '_') + "__" + model;

    /// <summary>The table of a model's records: m_{app}__{model}.</summary>
    public static string Table(string app, string model) => Bounded("m_" + Base(app, model));

    /// <summary>The child table of a sub-table field: s_{app}__{model}__{field}.</summary>
    public static string SubTable(string app, string model, string field) => Bounded("s_" + Base(app, model) + "__" + field);

    /// <summary>The link table of a many-to-many relation: l_{app}__{model}__{field}.</summary>
    public static string LinkTable(string app, string model, string field) => Bounded("l_" + Base(app, model) + "__" + field);

    public static string Index(string table, string suffix) => Bounded("ix_" + table + "_" + suffix);

    public static string Bounded(string name)
    {
        if (name.Length <= Max) return name;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8].ToLowerInvariant();
        return name[..(Max - 9)] + "_" + hash;
    }
}
