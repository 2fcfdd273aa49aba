using System.Linq;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>
    /// A valid experiment with every attribute resolved once into its typed spec, defaults applied: what the emitter
    /// reads. Built only after the rules found no error.
    /// </summary>
    /// <remarks>
    /// Keep this type, and every type it holds, immutable and structurally equatable: the incremental pipeline caches on it.
    /// </remarks>
    /// <param name="Configuration">Every attribute as the user wrote it, one per line, for run reports.</param>
    internal sealed record ExperimentSpec(
        string? Namespace,
        string ClassName,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        InputSpec Input,
        EncoderSpec Encoder,
        ProjectorSpec? Projector,
        PredictorSpec? Predictor,
        int ViewCount,
        MultiCropSpec? MultiCrop,
        EquatableArray<DeclaredAugmentation> Augmentations,
        EquatableArray<AugmentationMethodModel> AugmentationMethods,
        ObjectiveSpec Objective,
        OptimizerSpec Optimizer,
        WarmupCosineSpec? Schedule,
        TrainingSpec Training,
        LinearProbeSpec LinearProbe,
        KnnMonitorSpec? KnnMonitor,
        FineTuneSpec FineTune,
        HealthMonitorSpec HealthMonitor,
        OnlineProbeSpec? OnlineProbe,
        CheckpointSpec? Checkpoint,
        DataParallelSpec? DataParallel,
        DistillSpec? Distill,
        string Configuration)
    {
        /// <summary>Fully qualified name, for messages and the hint name.</summary>
        public string FullName =>
            string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Name)).Concat(new[] { ClassName }).Where(s => !string.IsNullOrEmpty(s)));

        public static ExperimentSpec Resolve(ExperimentModel model)
        {
            InputSpec input = AttributeSpecs.Resolve<InputSpec>(model.Single(AttributeFamily.Input)!);
            ObjectiveSpec objective = AttributeSpecs.Resolve<ObjectiveSpec>(model.Single(AttributeFamily.Objective)!);
            int side = input is ImageInputSpec image ? System.Math.Min(image.Height, image.Width) : 0;
            return new ExperimentSpec(
                model.Namespace,
                model.ClassName,
                model.ContainingTypes,
                input,
                AttributeSpecs.Resolve<EncoderSpec>(model.Single(AttributeFamily.Encoder)!),
                Optional(model, "Projector", ProjectorSpec.Resolve),
                objective is JointEmbeddingObjectiveSpec { NeedsPredictor: true } ? Optional(model, "Predictor", PredictorSpec.Resolve) : null,
                ExperimentRules.ViewCount(model),
                Optional(model, "MultiCrop", MultiCropSpec.Resolve)?.SizedFor(side),
                new EquatableArray<DeclaredAugmentation>(model.OfFamily(AttributeFamily.Augmentation)
                    .Select(a => new DeclaredAugmentation(a.Name, AttributeSpecs.Resolve<AugmentationSpec>(a), AsWritten(a)))),
                model.AugmentationMethods,
                objective,
                model.Single(AttributeFamily.Optimizer) is { } optimizer
                    ? AttributeSpecs.Resolve<OptimizerSpec>(optimizer)
                    : LarsSpec.Resolve(AttributeModel.Unwritten("Lars")) with { Declared = false },
                Optional(model, "WarmupCosine", WarmupCosineSpec.Resolve),
                TrainingSpec.Resolve(model.Named("Training") ?? AttributeModel.Unwritten("Training")),
                LinearProbeSpec.Resolve(model.Named("LinearProbe") ?? AttributeModel.Unwritten("LinearProbe")),
                Optional(model, "KnnMonitor", KnnMonitorSpec.Resolve),
                FineTuneSpec.Resolve(model.Named("FineTune") ?? AttributeModel.Unwritten("FineTune")),
                HealthMonitorSpec.Resolve(model.Named("HealthMonitor") ?? AttributeModel.Unwritten("HealthMonitor")),
                Optional(model, "OnlineProbe", OnlineProbeSpec.Resolve),
                Optional(model, "Checkpoint", CheckpointSpec.Resolve),
                Optional(model, "DataParallel", DataParallelSpec.Resolve),
                Optional(model, "Distill", DistillSpec.Resolve),
                string.Join("\n", model.Attributes.Select(AsWritten)));
        }

        private static T? Optional<T>(ExperimentModel model, string name, System.Func<AttributeModel, T> resolve)
            where T : class =>
            model.Named(name) is { } attribute ? resolve(attribute) : null;

        private static string AsWritten(AttributeModel a) =>
            "[" + a.Name + (a.Arguments.Count == 0 ? "" : "(" + string.Join(", ", a.Arguments.Select(x => x.Name + " = " + x.Value.Display)) + ")") + "]";
    }
}
