using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// The validation rules behind the SSLnnnn diagnostics, in one place: analyzers report what this returns,
    /// and the generator emits no trainer while any error remains.
    /// </summary>
    /// <remarks>
    /// Rules between arguments or attributes only look at values that are themselves valid (in range, present): an
    /// invalid value is reported once, by its own rule, and never cascades into others.
    /// </remarks>
    internal static class ExperimentRules
    {
        public static IReadOnlyList<RuleViolation> Validate(ExperimentModel model)
        {
            var found = new List<RuleViolation>();
            CheckPartial(model, found);
            CheckCount(model, AttributeFamily.Encoder, DiagnosticIds.EncoderCount, "encoder",
                "[ResNet], [ConvNet], [VisionTransformer], [Mlp], [TemporalConvNet], [TransformerEncoder] or [CustomEncoder(typeof(T))]", found);
            CheckCount(model, AttributeFamily.Objective, DiagnosticIds.ObjectiveCount, "pretext objective",
                "[SimClr], [MoCo], [Nnclr], [Dino], [Swav], [Byol], [SimSiam], [BarlowTwins], [Vicreg], [MaskedAutoencoder], [Autoencoder], [RotationPrediction], "
                + "[MaskedLanguageModel], [FutureWindowPrediction] or [MaskedStreamReconstruction]", found);
            CheckCount(model, AttributeFamily.Input, DiagnosticIds.InputCount, "input declaration",
                "[ImageInput], [SequenceInput] or [TokenInput]", found);

            // Optional (LARS when none is declared), but a second one would be silently ignored.
            CheckCount(model, AttributeFamily.Optimizer, DiagnosticIds.OptimizerCount, "optimizer", examples: null, found);
            DeclarationRules.Check(model, found);
            CheckViews(model, found);
            RangeRules.Check(model, found);
            ComponentRules.Check(model, found);
            InputRules.Check(model, found);
            AttentionWindowRules.Check(model, found);
            ObjectiveRules.Check(model, found);
            AugmentationRules.Check(model, found);
            ViewSizeRules.Check(model, found);
            ScheduleRules.Check(model, found);
            PrecisionRules.Check(model, found);
            DataParallelRules.Check(model, found);
            DistillRules.Check(model, found);
            return found;
        }

        /// <summary>Views the experiment draws: the <c>[Views]</c> count, else what the objective needs.</summary>
        public static int ViewCount(ExperimentModel model) =>
            Modality.MultiCrop(model) is { } crop ? crop.GlobalCount + crop.LocalCount
            : model.Named("Views") is { } views ? Features.AttributeSpecs.Resolve<Features.ViewsSpec>(views).Count : RequiredViews(model);

        /// <summary>Views the objective needs (2 for contrastive and non-contrastive objectives).</summary>
        public static int RequiredViews(ExperimentModel model) =>
            model.Single(AttributeFamily.Objective) is { BaseName: "MultiViewObjective" } ? 2 : 1;

        /// <summary>A resolved integer when at least <paramref name="min"/>, else null (SSL0006 reports it out of range).</summary>
        internal static int? AtLeast(int value, int min) => value >= min ? value : null;

        /// <summary>A written integer property when at least <paramref name="min"/>, else null (unwritten is reported as not set).</summary>
        internal static int? WrittenAtLeast(Features.WrittenSpec spec, string property, int value, int min) =>
            spec.Wrote(property) ? AtLeast(value, min) : null;

        /// <summary>A resolved real when finite, else null.</summary>
        internal static double? Finite(double value) => double.IsNaN(value) || double.IsInfinity(value) ? null : value;

        internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

        internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

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

        /// <param name="examples">What to add when none is declared; null when the family is optional (then only extras are reported).</param>
        private static void CheckCount(ExperimentModel model, AttributeFamily family, string id, string what, string? examples, List<RuleViolation> found)
        {
            AttributeModel[] declared = model.OfFamily(family);
            if (declared.Length == 0 && examples is not null)
            {
                found.Add(new RuleViolation(id, -1, null, $"Experiment '{model.ClassName}' declares no {what}; add exactly one, e.g. {examples}"));
            }

            foreach (AttributeModel extra in declared.Skip(1))
            {
                string all = string.Join(", ", declared.Select(a => "[" + a.Name + "]"));
                found.Add(new RuleViolation(id, extra.Index, null, $"Experiment '{model.ClassName}' declares more than one {what} ({all}); keep exactly one"));
            }
        }

        /// <summary>SSL0005: a multi-view objective needs two views, from [Views(n)] or from [MultiCrop].</summary>
        private static void CheckViews(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Single(AttributeFamily.Objective) is not { } objective)
            {
                return;
            }

            int needed = RequiredViews(model);
            if (model.Named("MultiCrop") is { } crop)
            {
                // [Views] beside [MultiCrop] is SSL0019; the views are the crops.
                var written = Features.WrittenSpec.Of(crop)!;
                var counts = (Features.MultiCropSpec)written.Spec;
                int? global = AtLeast(counts.GlobalCount, 1);
                int? local = AtLeast(counts.LocalCount, 0);
                if (global is { } g && local is { } l && (long)g + l < needed)
                {
                    found.Add(new RuleViolation(DiagnosticIds.TooFewViews, crop.Index, written.FirstWritten(nameof(counts.GlobalCount), nameof(counts.LocalCount)),
                        $"[{objective.Name}] compares views of each sample and needs at least {Format(needed)} views, but [MultiCrop] makes {Format(g + l)} (GlobalCount = {Format(g)}, LocalCount = {Format(l)})"));
                }

                return;
            }

            if (model.Named("Views") is not { } views)
            {
                return;
            }

            int count = Features.AttributeSpecs.Resolve<Features.ViewsSpec>(views).Count;
            if (count < needed)
            {
                found.Add(new RuleViolation(DiagnosticIds.TooFewViews, views.Index, nameof(Features.ViewsSpec.Count),
                    $"[{objective.Name}] compares views of each sample and needs at least {needed} views, but [Views({count.ToString(CultureInfo.InvariantCulture)})] declares {count.ToString(CultureInfo.InvariantCulture)}"));
            }
        }
    }
}
