namespace SslDsl.Generators.Model
{
    /// <summary>
    /// One broken rule: the diagnostic ID, where it applies (attribute index among the class's attributes and
    /// argument name, or -1 / null for the class itself) and the complete message.
    /// </summary>
    /// <param name="MethodIndex">
    /// For a rule about a user <c>[Augmentation]</c> method: its index in <see cref="ExperimentModel.AugmentationMethods"/>
    /// (then <paramref name="ArgumentName"/> names an argument of the method's <c>[Augmentation]</c>, or is null for the
    /// method itself); -1 otherwise.
    /// </param>
    /// <param name="MemberName">
    /// For a rule about a member the user declared on the experiment class (SSL0029): its name, reported at its first
    /// declaration; null otherwise.
    /// </param>
    internal sealed record RuleViolation(string Id, int AttributeIndex, string? ArgumentName, string Message, int MethodIndex = -1, string? MemberName = null)
    {
        public bool IsError => DiagnosticIds.IsError(Id);
    }
}
