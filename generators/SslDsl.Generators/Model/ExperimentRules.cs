using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// The validation rules behind the SSLnnnn diagnostics, in one place: analyzers report what this returns,
    /// and the generator emits no trainer while any error remains.
    /// </summary>
    internal static class ExperimentRules
    {
        public static IReadOnlyList<RuleViolation> Validate(ExperimentModel model)
        {
            var found = new List<RuleViolation>();
            CheckPartial(model, found);
            CheckCount(model, AttributeFamily.Encoder, DiagnosticIds.EncoderCount, "encoder", "[ResNet], [ConvNet]", found);
            CheckCount(model, AttributeFamily.Objective, DiagnosticIds.ObjectiveCount, "pretext objective", "[SimClr], [MoCo], [Byol], [SimSiam], [BarlowTwins], [Vicreg]", found);
            CheckCount(model, AttributeFamily.Input, DiagnosticIds.InputCount, "input declaration", "[ImageInput]", found);
            CheckViews(model, found);
            RangeRules.Check(model, found);
            ComponentRules.Check(model, found);
            return found;
        }

        /// <summary>Views the experiment draws: the <c>[Views]</c> count, else what the objective needs.</summary>
        public static int ViewCount(ExperimentModel model) =>
            Modality.MultiCrop(model) is { } crop ? crop.GlobalCount + crop.LocalCount
            : model.Named("Views") is { } views ? views.Int("Count", 2) : RequiredViews(model);

        /// <summary>Views the objective needs (2 for contrastive and non-contrastive objectives).</summary>
        public static int RequiredViews(ExperimentModel model) =>
            model.Single(AttributeFamily.Objective) is { BaseName: "MultiViewObjective" } ? 2 : 1;

        private static void CheckPartial(ExperimentModel model, List<RuleViolation> found)
        {
            if (!model.IsPartial)
            {
                found.Add(new RuleViolation(DiagnosticIds.NotPartial, -1, null,
                    $"Experiment class '{model.ClassName}' must be declared partial so that SslDsl can generate its trainer"));
            }

            foreach (ContainingTypeModel outer in model.ContainingTypes.Where(t => !t.IsPartial))
            {
                found.Add(new RuleViolation(DiagnosticIds.NotPartial, -1, null,
                    $"Type '{outer.Name}', which contains experiment class '{model.ClassName}', must be declared partial so that SslDsl can generate its trainer"));
            }
        }

        private static void CheckCount(ExperimentModel model, AttributeFamily family, string id, string what, string examples, List<RuleViolation> found)
        {
            AttributeModel[] declared = model.OfFamily(family);
            if (declared.Length == 0)
            {
                found.Add(new RuleViolation(id, -1, null, $"Experiment '{model.ClassName}' declares no {what}; add exactly one, e.g. {examples}"));
            }

            foreach (AttributeModel extra in declared.Skip(1))
            {
                string all = string.Join(", ", declared.Select(a => "[" + a.Name + "]"));
                found.Add(new RuleViolation(id, extra.Index, null, $"Experiment '{model.ClassName}' declares more than one {what} ({all}); keep exactly one"));
            }
        }

        private static void CheckViews(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("Views") is not { } views || model.Single(AttributeFamily.Objective) is not { } objective)
            {
                return;
            }

            int needed = RequiredViews(model);
            int count = views.Int("Count", 2);
            if (count < needed)
            {
                found.Add(new RuleViolation(DiagnosticIds.TooFewViews, views.Index, "Count",
                    $"[{objective.Name}] compares views of each sample and needs at least {needed} views, but [Views({count.ToString(CultureInfo.InvariantCulture)})] declares {count.ToString(CultureInfo.InvariantCulture)}"));
            }
        }
    }
}
