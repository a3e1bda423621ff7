namespace Platform.Runtime.Security;

/// <summary>Which rows of a model a role reaches, by the record's owner and department system columns.</summary>
public enum RowScope
{
    /// <summary>Rows whose owner is the caller.</summary>
    Own,
    /// <summary>Rows whose department is the caller's department.</summary>
    Department,
    /// <summary>Rows whose department is the caller's department or any department below it.</summary>
    DepartmentAndBelow,
    /// <summary>Every row.</summary>
    All,
    /// <summary>Rows matching the role's own filter (with $currentUser, $currentDepartment, $currentDepartmentAndBelow).</summary>
    Custom,
}
