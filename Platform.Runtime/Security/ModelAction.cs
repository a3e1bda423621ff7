namespace Platform.Runtime.Security;

/// <summary>What a role may do with a model's records.</summary>
public enum ModelAction { Create, Read, Update, Delete, Export, Import }
