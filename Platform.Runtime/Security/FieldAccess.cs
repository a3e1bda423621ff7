namespace Platform.Runtime.Security;

/// <summary>How a role sees one field: hidden fields never appear in any response, export or history.</summary>
public enum FieldAccess { Editable, ReadOnly, Hidden }
