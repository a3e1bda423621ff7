using Dapper;

namespace Platform.Runtime.Data;

/// <summary>
/// "IN (@x0, @x1, …)" with one parameter per value. Dapper's own list expansion sends an array to
/// Npgsql, which PostgreSQL rejects after IN, so lists are always expanded here.
/// </summary>
public static class SqlList
{
    public static string In(DynamicParameters args, string prefix, IReadOnlyList<string> values) =>
        In(args, prefix, values.Cast<object?>().ToList());

    public static string In(DynamicParameters args, string prefix, IReadOnlyList<object?> values)
    {
        if (values.Count == 0) return "(NULL)";
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i;
            args.Add(names[i], values[i]);
        }
        return "(" + string.Join(", ", names) + ")";
    }
}
