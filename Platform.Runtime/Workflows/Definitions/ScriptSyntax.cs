namespace Platform.Runtime.Workflows.Definitions;

/// <summary>
/// Checks that JavaScript parses, at publish time, without running it. Uses the parser Jint itself
/// runs on (Acornima), so what passes here is what the sandbox will accept.
/// </summary>
public static class ScriptSyntax
{
    /// <summary>Null when the code parses; otherwise the parser's message.</summary>
    public static string? Check(string code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "it is empty";
        try
        {
            new Acornima.Parser().ParseScript(code, strict: true);
            return null;
        }
        catch (Acornima.ParseErrorException e)
        {
            return e.Message;
        }
    }
}
