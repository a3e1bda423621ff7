using System.Text.RegularExpressions;

namespace Platform.Runtime.Models;

/// <summary>
/// The only source of SQL identifiers besides fixed system names: model and field keys, checked
/// here. A double underscore is reserved so that table names derived from keys never collide.
/// </summary>
public static partial class ModelKeys
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,40}$")]
    private static partial Regex KeyPattern();

    public static readonly IReadOnlySet<string> SystemColumns = new HashSet<string>
    {
        "id", "owner", "department", "created_by", "created_at", "updated_by", "updated_at", "row_version", "deleted_at",
        "parent_id", "position", "source_id", "target_id",
    };

    public static bool IsValid(string? key) => key is not null && KeyPattern().IsMatch(key) && !key.Contains("__");

    public const string Rule = "Keys are 1–41 characters: lower-case letters, digits and '_' (never two in a row), starting with a letter.";
}
