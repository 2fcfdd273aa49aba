using System.Collections.Generic;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// SSL0031: <c>[DataParallel]</c> with an objective whose loss the ranks cannot yet combine into the single-process
    /// loss of the global batch (a mean over masked elements, whose count differs per rank). Training it on several
    /// ranks would silently weight the ranks' tokens unequally, so it is refused at compile time (and by Fit at run time).
    /// </summary>
    internal static class DataParallelRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("DataParallel") is not { } parallel || model.Single(AttributeFamily.Objective) is not { } objective)
            {
                return;
            }

            ObjectiveSpec spec = AttributeSpecs.Resolve<ObjectiveSpec>(objective);
            if (spec.RankReduction == "MaskedElementMean")
            {
                found.Add(new RuleViolation(DiagnosticIds.DataParallelObjective, parallel.Index, null,
                    $"[DataParallel] cannot train [{objective.Name}] on several ranks yet: its loss is a mean over the masked elements, whose count differs per rank, "
                    + "and dividing by the global count is not built; remove [DataParallel] (and train as one process) or choose another objective"));
            }
        }
    }
}
