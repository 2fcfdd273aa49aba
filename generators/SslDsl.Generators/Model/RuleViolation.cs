namespace SslDsl.Generators.Model
{
    /// <summary>
    /// One broken rule: the diagnostic ID, where it applies (attribute index among the class's attributes and
    /// argument name, or -1 / null for the class itself) and the complete message.
    /// </summary>
    internal sealed record RuleViolation(string Id, int AttributeIndex, string? ArgumentName, string Message)
    {
        public bool IsError => DiagnosticIds.IsError(Id);
    }
}
