using System.Collections.Generic;
using SslDsl.Generators.Features;
using static SslDsl.Generators.Model.ExperimentRules;

namespace SslDsl.Generators.Model
{
    /// <summary>Rules on the augmentation pipeline: user methods of the wrong shape (SSL0016), repeated augmentations (SSL0017).</summary>
    internal static class AugmentationRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            CheckMethods(model, found);
            CheckDuplicates(model, found);
        }

        /// <summary>SSL0016: an [Augmentation] method must be <c>static Tensor M(Tensor batch, Generator rng)</c>.</summary>
        private static void CheckMethods(ExperimentModel model, List<RuleViolation> found)
        {
            for (int i = 0; i < model.AugmentationMethods.Count; i++)
            {
                AugmentationMethodModel method = model.AugmentationMethods[i];
                if (method.SignatureProblem is { } problem)
                {
                    found.Add(new RuleViolation(DiagnosticIds.WrongShape, -1, null,
                        $"[Augmentation] method '{method.Name}' {problem}: an augmentation method is static Tensor {method.Name}(Tensor batch, Generator rng)", i));
                }
            }
        }

        /// <summary>SSL0017: the same augmentation twice for a view applies the same kind of change twice.</summary>
        private static void CheckDuplicates(ExperimentModel model, List<RuleViolation> found)
        {
            AttributeModel[] augmentations = model.OfFamily(AttributeFamily.Augmentation);
            for (int later = 1; later < augmentations.Length; later++)
            {
                AttributeModel second = augmentations[later];
                int secondView = AttributeSpecs.Resolve<AugmentationSpec>(second).View;
                for (int earlier = 0; earlier < later; earlier++)
                {
                    AttributeModel first = augmentations[earlier];
                    int firstView = AttributeSpecs.Resolve<AugmentationSpec>(first).View;
                    if (first.Name == second.Name && (firstView == -1 || secondView == -1 || firstView == secondView))
                    {
                        found.Add(new RuleViolation(DiagnosticIds.DuplicateAugmentation, second.Index, null,
                            $"[{second.Name}] is declared twice for {Views(firstView, secondView)}: the second applies the same augmentation again; "
                            + "remove it, or give the two different View indices"));
                        break;
                    }
                }
            }
        }

        private static string Views(int first, int second) =>
            first == -1 && second == -1 ? "every view"
            : first == second ? "view " + Format(first)
            : "view " + Format(first == -1 ? second : first) + " (View = -1 applies to every view)";
    }
}
