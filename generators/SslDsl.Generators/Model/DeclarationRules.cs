using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// Rules on the experiment class's declaration that the generated partial must match (SSL0028, SSL0029); SSL0001
    /// (partial) is in <see cref="ExperimentRules"/>.
    /// </summary>
    internal static class DeclarationRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            CheckGeneric(model, found);
            CheckGeneratedNames(model, found);
        }

        /// <summary>
        /// SSL0028: the generated partial declares the class without type parameters, so for <c>Exp&lt;T&gt;</c> it
        /// would declare another class, <c>Exp</c>; and one trainer of concrete types cannot serve every T.
        /// </summary>
        private static void CheckGeneric(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.TypeParameters.Length > 0)
            {
                found.Add(new RuleViolation(DiagnosticIds.GenericExperiment, -1, null,
                    $"Experiment class '{model.ClassName}{model.TypeParameters}' is generic: SslDsl generates one trainer of concrete types per experiment; "
                    + "remove the type parameters (declare one experiment class per configuration)"));
            }

            foreach (ContainingTypeModel outer in model.ContainingTypes.Where(t => t.TypeParameters.Length > 0))
            {
                found.Add(new RuleViolation(DiagnosticIds.GenericExperiment, -1, null,
                    $"Type '{outer.Name}{outer.TypeParameters}', which contains experiment class '{model.ClassName}', is generic: SslDsl generates one trainer of concrete types per experiment; "
                    + "move the experiment out of the generic type"));
            }
        }

        /// <summary>SSL0029: a user member with a name the generated partial declares would clash with it (CS0102) or hide it.</summary>
        private static void CheckGeneratedNames(ExperimentModel model, List<RuleViolation> found)
        {
            foreach (string name in model.GeneratedNameClashes)
            {
                found.Add(new RuleViolation(DiagnosticIds.GeneratedMemberName, -1, null,
                    $"Member '{name}' of experiment '{model.ClassName}' takes a name the generated trainer declares on the class "
                    + $"(nested class {GeneratedNames.Trainer}, static method {GeneratedNames.CreateTrainer}); rename the member",
                    MemberName: name));
            }
        }
    }
}
