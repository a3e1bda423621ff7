using System.Text.Json.Nodes;
using Platform.Runtime.Models;

namespace Platform.Runtime.Data;

/// <summary>The system columns as the API names them (camelCase), with the field type used to read and compare them.</summary>
public static class SystemFields
{
    private static FieldDefinition Def(string key, string type, bool integer = false) =>
        new() { Key = key, Type = type, Integer = integer, Json = new JsonObject() };

    public static readonly IReadOnlyDictionary<string, (string Column, FieldDefinition Field)> ByName = new Dictionary<string, (string, FieldDefinition)>
    {
        ["id"] = ("id", Def("id", "text")),
        ["owner"] = ("owner", Def("owner", "user")),
        ["department"] = ("department", Def("department", "department")),
        ["createdBy"] = ("created_by", Def("createdBy", "user")),
        ["createdAt"] = ("created_at", Def("createdAt", "datetime")),
        ["updatedBy"] = ("updated_by", Def("updatedBy", "user")),
        ["updatedAt"] = ("updated_at", Def("updatedAt", "datetime")),
        ["rowVersion"] = ("row_version", Def("rowVersion", "number", integer: true)),
    };
}
