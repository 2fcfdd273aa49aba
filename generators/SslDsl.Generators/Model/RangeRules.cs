using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>SSL0006: every hyperparameter a user wrote must lie in its valid range.</summary>
    internal static partial class RangeRules
    {
        private delegate bool Test(double value);

        /// <summary>One spec property, read through a typed getter, and the range it must lie in.</summary>
        private sealed record Range(Type Spec, string Property, Func<object, double> Read, Test IsValid, string Requirement)
        {
            public static Range Of<TSpec>(string property, Func<TSpec, double> read, Test isValid, string requirement) =>
                new(typeof(TSpec), property, spec => read((TSpec)spec), isValid, requirement);
        }

        private static readonly Range[] CoreRanges =
        {
            Range.Of<ImageInputSpec>(nameof(ImageInputSpec.Channels), s => s.Channels, v => v >= 1, "must be >= 1"),
            Range.Of<ImageInputSpec>(nameof(ImageInputSpec.Height), s => s.Height, v => v >= 1, "must be >= 1"),
            Range.Of<ImageInputSpec>(nameof(ImageInputSpec.Width), s => s.Width, v => v >= 1, "must be >= 1"),
            Range.Of<ResNetSpec>(nameof(ResNetSpec.Depth), s => s.Depth, v => v == 18 || v == 34 || v == 50, "must be 18, 34 or 50"),
            Range.Of<ResNetSpec>(nameof(ResNetSpec.WidthMultiplier), s => s.WidthMultiplier, v => v > 0, "must be > 0"),
            Range.Of<ProjectorSpec>(nameof(ProjectorSpec.Hidden), s => s.Hidden, v => v >= 1, "must be >= 1"),
            Range.Of<ProjectorSpec>(nameof(ProjectorSpec.Output), s => s.Output, v => v >= 1, "must be >= 1"),
            Range.Of<ProjectorSpec>(nameof(ProjectorSpec.Layers), s => s.Layers, v => v >= 1, "must be >= 1"),
            Range.Of<ViewsSpec>(nameof(ViewsSpec.Count), s => s.Count, v => v >= 1, "must be >= 1"),
            Range.Of<RandomResizedCropSpec>(nameof(RandomResizedCropSpec.Size), s => s.Size, v => v >= 0, "must be >= 0 (0 keeps the input size)"),
            Range.Of<RandomResizedCropSpec>(nameof(RandomResizedCropSpec.MinScale), s => s.MinScale, v => v > 0 && v <= 1, "must be in (0, 1]"),
            Range.Of<RandomResizedCropSpec>(nameof(RandomResizedCropSpec.MaxScale), s => s.MaxScale, v => v > 0 && v <= 1, "must be in (0, 1]"),
            Range.Of<RandomResizedCropSpec>(nameof(RandomResizedCropSpec.MinRatio), s => s.MinRatio, v => v > 0, "must be > 0"),
            Range.Of<RandomResizedCropSpec>(nameof(RandomResizedCropSpec.MaxRatio), s => s.MaxRatio, v => v > 0, "must be > 0"),
            Range.Of<ColorJitterSpec>(nameof(ColorJitterSpec.Brightness), s => s.Brightness, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<ColorJitterSpec>(nameof(ColorJitterSpec.Contrast), s => s.Contrast, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<ColorJitterSpec>(nameof(ColorJitterSpec.Saturation), s => s.Saturation, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<ColorJitterSpec>(nameof(ColorJitterSpec.Hue), s => s.Hue, v => v >= 0 && v <= 0.5, "must be in [0, 0.5]"),
            Range.Of<GaussianBlurSpec>(nameof(GaussianBlurSpec.KernelSize), s => s.KernelSize, v => v == 0 || (v >= 1 && v % 2 == 1), "must be 0 (10% of the side) or an odd number >= 1"),
            Range.Of<GaussianBlurSpec>(nameof(GaussianBlurSpec.MinSigma), s => s.MinSigma, v => v > 0, "must be > 0"),
            Range.Of<GaussianBlurSpec>(nameof(GaussianBlurSpec.MaxSigma), s => s.MaxSigma, v => v > 0, "must be > 0"),
            Range.Of<SolarizeSpec>(nameof(SolarizeSpec.Threshold), s => s.Threshold, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<GammaContrastSpec>(nameof(GammaContrastSpec.MinGamma), s => s.MinGamma, v => v > 0, "must be > 0"),
            Range.Of<GammaContrastSpec>(nameof(GammaContrastSpec.MaxGamma), s => s.MaxGamma, v => v > 0, "must be > 0"),
            Range.Of<IntensityWindowSpec>(nameof(IntensityWindowSpec.MinWidth), s => s.MinWidth, v => v > 0, "must be > 0"),
            Range.Of<IntensityWindowSpec>(nameof(IntensityWindowSpec.MaxWidth), s => s.MaxWidth, v => v > 0, "must be > 0"),
            Range.Of<BiasFieldSpec>(nameof(BiasFieldSpec.Order), s => s.Order, v => v >= 0, "must be >= 0"),
            Range.Of<BiasFieldSpec>(nameof(BiasFieldSpec.Strength), s => s.Strength, v => v >= 0, "must be >= 0"),
            Range.Of<GaussianNoiseSpec>(nameof(GaussianNoiseSpec.MinStd), s => s.MinStd, v => v >= 0, "must be >= 0"),
            Range.Of<GaussianNoiseSpec>(nameof(GaussianNoiseSpec.MaxStd), s => s.MaxStd, v => v >= 0, "must be >= 0"),
            Range.Of<RicianNoiseSpec>(nameof(RicianNoiseSpec.MinStd), s => s.MinStd, v => v >= 0, "must be >= 0"),
            Range.Of<RicianNoiseSpec>(nameof(RicianNoiseSpec.MaxStd), s => s.MaxStd, v => v >= 0, "must be >= 0"),
            Range.Of<MotionBlurSpec>(nameof(MotionBlurSpec.KernelSize), s => s.KernelSize, v => v >= 3 && v % 2 == 1, "must be an odd number >= 3"),
            Range.Of<SimClrSpec>(nameof(SimClrSpec.Temperature), s => s.Temperature, v => v > 0, "must be > 0"),
            Range.Of<MoCoSpec>(nameof(MoCoSpec.Version), s => s.Version, v => v == 2 || v == 3, "must be 2 or 3"),
            Range.Of<MoCoSpec>(nameof(MoCoSpec.QueueSize), s => s.QueueSize, v => v >= 1, "must be >= 1"),
            Range.Of<MoCoSpec>(nameof(MoCoSpec.Momentum), s => s.Momentum, v => v >= 0 && v < 1, "must be in [0, 1)"),
            Range.Of<MoCoSpec>(nameof(MoCoSpec.Temperature), s => s.Temperature, v => v > 0, "must be > 0"),
            Range.Of<NnclrSpec>(nameof(NnclrSpec.SupportSize), s => s.SupportSize, v => v >= 1, "must be >= 1"),
            Range.Of<SwavSpec>(nameof(SwavSpec.Prototypes), s => s.Prototypes, v => v >= 2, "must be >= 2"),
            Range.Of<SwavSpec>(nameof(SwavSpec.Hidden), s => s.Hidden, v => v >= 1, "must be >= 1"),
            Range.Of<SwavSpec>(nameof(SwavSpec.Output), s => s.Output, v => v >= 1, "must be >= 1"),
            Range.Of<SwavSpec>(nameof(SwavSpec.Temperature), s => s.Temperature, v => v > 0, "must be > 0"),
            Range.Of<SwavSpec>(nameof(SwavSpec.Epsilon), s => s.Epsilon, v => v > 0, "must be > 0"),
            Range.Of<SwavSpec>(nameof(SwavSpec.SinkhornIterations), s => s.SinkhornIterations, v => v >= 1, "must be >= 1"),
            Range.Of<SwavSpec>(nameof(SwavSpec.FreezePrototypesSteps), s => s.FreezePrototypesSteps, v => v >= 0, "must be >= 0"),
            Range.Of<SwavSpec>(nameof(SwavSpec.QueueLength), s => s.QueueLength, v => v >= 0, "must be >= 0 (0 = no queue)"),
            Range.Of<SwavSpec>(nameof(SwavSpec.QueueStartEpoch), s => s.QueueStartEpoch, v => v >= 0, "must be >= 0"),
            Range.Of<DinoSpec>(nameof(DinoSpec.OutDim), s => s.OutDim, v => v >= 2, "must be >= 2 (a softmax over one prototype is constant)"),
            Range.Of<DinoSpec>(nameof(DinoSpec.Hidden), s => s.Hidden, v => v >= 1, "must be >= 1"),
            Range.Of<DinoSpec>(nameof(DinoSpec.Bottleneck), s => s.Bottleneck, v => v >= 1, "must be >= 1"),
            Range.Of<DinoSpec>(nameof(DinoSpec.StudentTemperature), s => s.StudentTemperature, v => v > 0, "must be > 0"),
            Range.Of<DinoSpec>(nameof(DinoSpec.TeacherTemperature), s => s.TeacherTemperature, v => v > 0, "must be > 0"),
            Range.Of<DinoSpec>(nameof(DinoSpec.WarmupTeacherTemperature), s => s.WarmupTeacherTemperature, v => v > 0, "must be > 0"),
            Range.Of<DinoSpec>(nameof(DinoSpec.WarmupTeacherEpochs), s => s.WarmupTeacherEpochs, v => v >= 0, "must be >= 0"),
            Range.Of<DinoSpec>(nameof(DinoSpec.CenterMomentum), s => s.CenterMomentum, v => v >= 0 && v < 1, "must be in [0, 1)"),
            Range.Of<DinoSpec>(nameof(DinoSpec.MomentumStart), s => s.MomentumStart, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<DinoSpec>(nameof(DinoSpec.MomentumEnd), s => s.MomentumEnd, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<NnclrSpec>(nameof(NnclrSpec.Temperature), s => s.Temperature, v => v > 0, "must be > 0"),
            Range.Of<ByolSpec>(nameof(ByolSpec.MomentumStart), s => s.MomentumStart, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<ByolSpec>(nameof(ByolSpec.MomentumEnd), s => s.MomentumEnd, v => v >= 0 && v <= 1, "must be in [0, 1]"),
            Range.Of<BarlowTwinsSpec>(nameof(BarlowTwinsSpec.Lambda), s => s.Lambda, v => v >= 0, "must be >= 0"),
            Range.Of<VicregSpec>(nameof(VicregSpec.Invariance), s => s.Invariance, v => v >= 0, "must be >= 0"),
            Range.Of<VicregSpec>(nameof(VicregSpec.Variance), s => s.Variance, v => v >= 0, "must be >= 0"),
            Range.Of<VicregSpec>(nameof(VicregSpec.Covariance), s => s.Covariance, v => v >= 0, "must be >= 0"),
            Range.Of<PredictorSpec>(nameof(PredictorSpec.Hidden), s => s.Hidden, v => v >= 1, "must be >= 1"),
            Range.Of<PredictorSpec>(nameof(PredictorSpec.Output), s => s.Output, v => v >= 0, "must be >= 0 (0 = the projector's output size)"),
            Range.Of<SgdSpec>(nameof(SgdSpec.LearningRate), s => s.LearningRate, v => v > 0, "must be > 0"),
            Range.Of<SgdSpec>(nameof(SgdSpec.Momentum), s => s.Momentum, v => v >= 0 && v < 1, "must be in [0, 1)"),
            Range.Of<SgdSpec>(nameof(SgdSpec.WeightDecay), s => s.WeightDecay, v => v >= 0, "must be >= 0"),
            Range.Of<LarsSpec>(nameof(LarsSpec.LearningRate), s => s.LearningRate, v => v > 0, "must be > 0"),
            Range.Of<LarsSpec>(nameof(LarsSpec.Momentum), s => s.Momentum, v => v >= 0 && v < 1, "must be in [0, 1)"),
            Range.Of<LarsSpec>(nameof(LarsSpec.WeightDecay), s => s.WeightDecay, v => v >= 0, "must be >= 0"),
            Range.Of<LarsSpec>(nameof(LarsSpec.TrustCoefficient), s => s.TrustCoefficient, v => v > 0, "must be > 0"),
            Range.Of<AdamWSpec>(nameof(AdamWSpec.LearningRate), s => s.LearningRate, v => v > 0, "must be > 0"),
            Range.Of<AdamWSpec>(nameof(AdamWSpec.WeightDecay), s => s.WeightDecay, v => v >= 0, "must be >= 0"),
            Range.Of<AdamWSpec>(nameof(AdamWSpec.Beta1), s => s.Beta1, v => v >= 0 && v < 1, "must be in [0, 1)"),
            Range.Of<AdamWSpec>(nameof(AdamWSpec.Beta2), s => s.Beta2, v => v >= 0 && v < 1, "must be in [0, 1)"),
            Range.Of<WarmupCosineSpec>(nameof(WarmupCosineSpec.WarmupEpochs), s => s.WarmupEpochs, v => v >= 0, "must be >= 0"),
            Range.Of<WarmupCosineSpec>(nameof(WarmupCosineSpec.WarmupSteps), s => s.WarmupSteps, v => v >= 0, "must be >= 0 (0 = warm-up in epochs, WarmupEpochs)"),
            Range.Of<WarmupCosineSpec>(nameof(WarmupCosineSpec.FinalLearningRate), s => s.FinalLearningRate, v => v >= 0, "must be >= 0"),
            Range.Of<TrainingSpec>(nameof(TrainingSpec.BatchSize), s => s.BatchSize, v => v >= 1, "must be >= 1"),
            Range.Of<TrainingSpec>(nameof(TrainingSpec.Epochs), s => s.Epochs, v => v >= 1, "must be >= 1"),
            Range.Of<TrainingSpec>(nameof(TrainingSpec.AccumulationSteps), s => s.AccumulationSteps, v => v >= 1, "must be >= 1"),
            Range.Of<TrainingSpec>(nameof(TrainingSpec.LogEverySteps), s => s.LogEverySteps, v => v >= 1, "must be >= 1"),
            Range.Of<LinearProbeSpec>(nameof(LinearProbeSpec.Iterations), s => s.Iterations, v => v >= 1, "must be >= 1"),
            Range.Of<LinearProbeSpec>(nameof(LinearProbeSpec.WeightDecay), s => s.WeightDecay, v => v >= 0, "must be >= 0"),
            Range.Of<KnnMonitorSpec>(nameof(KnnMonitorSpec.K), s => s.K, v => v >= 1, "must be >= 1"),
            Range.Of<KnnMonitorSpec>(nameof(KnnMonitorSpec.Temperature), s => s.Temperature, v => v > 0, "must be > 0"),
            Range.Of<KnnMonitorSpec>(nameof(KnnMonitorSpec.EveryEpochs), s => s.EveryEpochs, v => v >= 1, "must be >= 1"),
            Range.Of<KnnMonitorSpec>(nameof(KnnMonitorSpec.Target), s => s.Target, v => v >= 0 && v <= 1, "must be in [0, 1] (0 = no target)"),
            Range.Of<HealthMonitorSpec>(nameof(HealthMonitorSpec.EverySteps), s => s.EverySteps, v => v >= 0, "must be >= 0 (0 = at epoch ends only)"),
            Range.Of<HealthMonitorSpec>(nameof(HealthMonitorSpec.Samples), s => s.Samples, v => v >= 2, "must be >= 2"),
            Range.Of<OnlineProbeSpec>(nameof(OnlineProbeSpec.LearningRate), s => s.LearningRate, v => v > 0, "must be > 0"),
            Range.Of<OnlineProbeSpec>(nameof(OnlineProbeSpec.WeightDecay), s => s.WeightDecay, v => v >= 0, "must be >= 0"),
            Range.Of<CheckpointSpec>(nameof(CheckpointSpec.EveryEpochs), s => s.EveryEpochs, v => v >= 0, "must be >= 0 (0 = not by epoch)"),
            Range.Of<CheckpointSpec>(nameof(CheckpointSpec.EverySteps), s => s.EverySteps, v => v >= 0, "must be >= 0 (0 = not by optimizer step)"),
            Range.Of<CheckpointSpec>(nameof(CheckpointSpec.Keep), s => s.Keep, v => v >= 1, "must be >= 1"),
            Range.Of<DataParallelSpec>(nameof(DataParallelSpec.TimeoutSeconds), s => s.TimeoutSeconds, v => v > 0 && !double.IsInfinity(v), "must be > 0 seconds"),
        };

        /// <summary>Properties without a sensible default: the sizes of the input, the forecast horizon, a custom encoder's width.</summary>
        private static readonly (Type Spec, string Property)[] Required =
        {
            (typeof(ImageInputSpec), nameof(ImageInputSpec.Height)),
            (typeof(ImageInputSpec), nameof(ImageInputSpec.Width)),
            (typeof(SequenceInputSpec), nameof(SequenceInputSpec.Length)),
            (typeof(TokenInputSpec), nameof(TokenInputSpec.VocabSize)),
            (typeof(TokenInputSpec), nameof(TokenInputSpec.Length)),
            (typeof(FutureWindowPredictionSpec), nameof(FutureWindowPredictionSpec.Horizon)),
            (typeof(WindowCropSpec), nameof(WindowCropSpec.Length)),
            (typeof(CustomEncoderSpec), nameof(CustomEncoderSpec.OutputDim)),
        };

        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            foreach (AttributeModel attribute in model.Attributes)
            {
                if (WrittenSpec.Of(attribute) is not { } written)
                {
                    continue;
                }

                foreach (string property in written.Written)
                {
                    CheckProperty(model, written, property, found);
                }

                CheckPairs(written, found);
                CheckRequired(written, found);
                CheckCheckpoint(attribute, written, found);
            }

            CheckAugmentationMethods(model, found);
        }

        /// <summary>Properties without a sensible default must be written.</summary>
        private static void CheckRequired(WrittenSpec written, List<RuleViolation> found)
        {
            foreach ((Type spec, string name) in Required)
            {
                if (spec == written.Spec.GetType() && !written.Wrote(name))
                {
                    found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, null,
                        $"[{written.Attribute}] {name} is not set: {name} must be >= 1"));
                }
            }
        }

        /// <summary>A user [Augmentation] method's Probability and View, reported at the argument of its [Augmentation].</summary>
        private static void CheckAugmentationMethods(ExperimentModel model, List<RuleViolation> found)
        {
            int views = ExperimentRules.ViewCount(model);
            for (int i = 0; i < model.AugmentationMethods.Count; i++)
            {
                AugmentationMethodModel method = model.AugmentationMethods[i];
                if (!(method.Probability >= 0 && method.Probability <= 1))
                {
                    found.Add(new RuleViolation(DiagnosticIds.OutOfRange, -1, nameof(AugmentationMethodModel.Probability),
                        $"[Augmentation] method '{method.Name}': Probability = {Format(method.Probability)} is out of range: Probability must be in [0, 1]", i));
                }

                if (method.View < -1 || method.View >= views)
                {
                    found.Add(new RuleViolation(DiagnosticIds.OutOfRange, -1, nameof(AugmentationMethodModel.View),
                        $"[Augmentation] method '{method.Name}': View = {method.View.ToString(CultureInfo.InvariantCulture)} is out of range: View {ViewRequirement(views)}", i));
                }
            }
        }

        private static string ViewRequirement(int views) =>
            $"must be -1 (every view) or a view index in [0, {(views - 1).ToString(CultureInfo.InvariantCulture)}]";

        /// <summary>The range of one written property: the placement every augmentation inherits, an array, or a table entry.</summary>
        private static void CheckProperty(ExperimentModel model, WrittenSpec written, string property, List<RuleViolation> found)
        {
            if (written.Spec is AugmentationSpec placed && property == nameof(AugmentationSpec.Probability))
            {
                Report(found, written, property, Format(placed.Probability), placed.Probability is >= 0 and <= 1, "must be in [0, 1]");
                return;
            }

            if (written.Spec is AugmentationSpec viewed && property == nameof(AugmentationSpec.View))
            {
                int views = ExperimentRules.ViewCount(model);
                Report(found, written, property, Format(viewed.View), viewed.View >= -1 && viewed.View < views, ViewRequirement(views));
                return;
            }

            if (ArrayRequirement(model, written.Spec, property) is { } array)
            {
                Report(found, written, property, array.Shown, array.Valid, array.Requirement);
                return;
            }

            // The tables live in three files (partial class); initialisers across files run in no defined order, so they are combined here, not in a field.
            foreach (Range range in CoreRanges.Concat(ModelRanges).Concat(SequenceRanges))
            {
                if (range.Spec == written.Spec.GetType() && range.Property == property)
                {
                    double value = range.Read(written.Spec);
                    Report(found, written, property, Format(value), IsFinite(value) && range.IsValid(value), range.Requirement);
                }
            }
        }
        /// <summary>Ranges given by two properties, reported at the upper bound.</summary>
        private static void CheckPairs(WrittenSpec written, List<RuleViolation> found)
        {
            switch (written.Spec)
            {
                case RandomResizedCropSpec crop:
                    CheckOrdered(written, nameof(crop.MinScale), crop.MinScale, nameof(crop.MaxScale), crop.MaxScale, found);
                    CheckOrdered(written, nameof(crop.MinRatio), crop.MinRatio, nameof(crop.MaxRatio), crop.MaxRatio, found);
                    break;
                case ByolSpec byol:
                    CheckOrdered(written, nameof(byol.MomentumStart), byol.MomentumStart, nameof(byol.MomentumEnd), byol.MomentumEnd, found);
                    break;
                case GaussianBlurSpec blur:
                    CheckOrdered(written, nameof(blur.MinSigma), blur.MinSigma, nameof(blur.MaxSigma), blur.MaxSigma, found);
                    break;
                case GammaContrastSpec gamma:
                    CheckOrdered(written, nameof(gamma.MinGamma), gamma.MinGamma, nameof(gamma.MaxGamma), gamma.MaxGamma, found);
                    break;
                case IntensityWindowSpec window:
                    CheckOrdered(written, nameof(window.MinLevel), window.MinLevel, nameof(window.MaxLevel), window.MaxLevel, found);
                    CheckOrdered(written, nameof(window.MinWidth), window.MinWidth, nameof(window.MaxWidth), window.MaxWidth, found);
                    break;
                case GaussianNoiseSpec noise:
                    CheckOrdered(written, nameof(noise.MinStd), noise.MinStd, nameof(noise.MaxStd), noise.MaxStd, found);
                    break;
                case RicianNoiseSpec noise:
                    CheckOrdered(written, nameof(noise.MinStd), noise.MinStd, nameof(noise.MaxStd), noise.MaxStd, found);
                    break;
                case MultiCropSpec multiCrop:
                    CheckOrdered(written, nameof(multiCrop.LocalMinScale), multiCrop.LocalMinScale, nameof(multiCrop.GlobalMinScale), multiCrop.GlobalMinScale, found);
                    break;
                case VisionTransformerSpec vit when vit.Dim % 4 == 0:
                    // A Dim that is no multiple of 4 is out of range already.
                    CheckHeads(written, nameof(vit.Dim), vit.Dim, nameof(vit.Heads), vit.Heads, found);
                    CheckMlpWidth(written, vit, found);
                    break;
                case TransformerEncoderSpec transformer:
                    CheckHeads(written, nameof(transformer.Dim), transformer.Dim, nameof(transformer.Heads), transformer.Heads, found);
                    break;
                case MaskedAutoencoderSpec mae:
                    CheckHeads(written, nameof(mae.DecoderDim), mae.DecoderDim, nameof(mae.DecoderHeads), mae.DecoderHeads, found);
                    break;
                case FineTuneSpec fineTune:
                    CheckWarmup(written, fineTune, found);
                    break;
            }
        }

        /// <summary>[FineTune] warm-up must end before the last epoch, or the learning rate never decays (the runtime refuses it).</summary>
        private static void CheckWarmup(WrittenSpec written, FineTuneSpec fineTune, List<RuleViolation> found)
        {
            // Negative warm-up or epochs below 1 are out of range already.
            if (fineTune.WarmupEpochs < 0 || fineTune.Epochs < 1 || fineTune.WarmupEpochs < fineTune.Epochs)
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, written.FirstWritten(nameof(fineTune.WarmupEpochs), nameof(fineTune.Epochs)),
                $"[{written.Attribute}] WarmupEpochs = {Format(fineTune.WarmupEpochs)} is not below Epochs = {Format(fineTune.Epochs)}: the learning rate would still be warming up at the end; WarmupEpochs must be < Epochs"));
        }

        /// <summary>Multi-head attention splits the width into equal heads: the heads must divide it.</summary>
        private static void CheckHeads(WrittenSpec written, string dimName, int dim, string headsName, int heads, List<RuleViolation> found)
        {
            // Widths or heads below 1 are out of range already.
            if (dim < 1 || heads < 1 || dim % heads == 0)
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, written.FirstWritten(headsName, dimName),
                $"[{written.Attribute}] {headsName} = {Format(heads)} does not divide {dimName} = {Format(dim)}: attention splits the width into equal heads, so {dimName} must be a multiple of {headsName}"));
        }

        /// <summary>The ViT block's MLP has (int)(Dim × MlpRatio) units, at least one.</summary>
        private static void CheckMlpWidth(WrittenSpec written, VisionTransformerSpec vit, List<RuleViolation> found)
        {
            if (vit.Dim < 1 || !IsFinite(vit.MlpRatio) || !(vit.MlpRatio > 0) || (int)(vit.Dim * vit.MlpRatio) >= 1)
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, written.FirstWritten(nameof(vit.MlpRatio), nameof(vit.Dim)),
                $"[{written.Attribute}] MlpRatio = {Format(vit.MlpRatio)} gives blocks an MLP of (int)({Format(vit.Dim)} × {Format(vit.MlpRatio)}) = 0 units; Dim × MlpRatio must be >= 1"));
        }

        /// <summary>Array properties: their length and every entry, with the array as written; null for other properties.</summary>
        private static (bool Valid, string Requirement, string Shown)? ArrayRequirement(ExperimentModel model, object spec, string property)
        {
            switch (spec)
            {
                case ConvNetSpec conv when property == nameof(conv.Widths):
                    return (conv.Widths.Count > 0 && conv.Widths.All(w => w >= 1), "must list at least one width, each >= 1", Shown(conv.Widths.Select(w => (double)w)));
                case MlpSpec mlp when property == nameof(mlp.Hidden):
                    return (mlp.Hidden.Count > 0 && mlp.Hidden.All(w => w >= 1), "must list at least one hidden width, each >= 1", Shown(mlp.Hidden.Select(w => (double)w)));
                case TemporalConvNetSpec tcn when property == nameof(tcn.Widths):
                    return (tcn.Widths.Count is > 0 and <= 24 && tcn.Widths.All(w => w >= 1), "must list 1 to 24 level widths (dilation 2^level), each >= 1", Shown(tcn.Widths.Select(w => (double)w)));
                case NormalizeSpec normalize when property is nameof(normalize.Mean) or nameof(normalize.Std):
                    bool mean = property == nameof(normalize.Mean);
                    EquatableArray<double> items = mean ? normalize.Mean : normalize.Std;
                    (bool valid, string requirement) = NormalizeRequirement(model, items, mean);
                    return (valid, requirement, Shown(items));
                default:
                    return null;
            }
        }

        /// <summary>Normalize's Mean or Std: one value for every channel or one per channel of [ImageInput].</summary>
        private static (bool Valid, string Requirement) NormalizeRequirement(ExperimentModel model, EquatableArray<double> items, bool mean)
        {
            bool entries = mean ? items.All(IsFinite) : items.All(v => IsFinite(v) && v > 0);
            string each = mean ? "each finite" : "each finite and > 0";
            if (ImageChannels(model) is not { } channels)
            {
                return (items.Count > 0 && entries, $"must have at least one value, {each}");
            }

            return channels == 1
                ? (items.Count == 1 && entries, $"must have 1 value (the images of [ImageInput] have 1 channel), {each}")
                : ((items.Count == 1 || items.Count == channels) && entries,
                    $"must have 1 value (for every channel) or {channels.ToString(CultureInfo.InvariantCulture)} (one per channel of [ImageInput]), {each}");
        }

        /// <summary>An array as the user would write it, for messages.</summary>
        private static string Shown(IEnumerable<double> items) => "{ " + string.Join(", ", items.Select(Format)) + " }";

        private static void CheckOrdered(WrittenSpec written, string lowName, double low, string highName, double high, List<RuleViolation> found)
        {
            if (high < low && (written.Wrote(lowName) || written.Wrote(highName)))
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, written.FirstWritten(highName, lowName),
                    $"[{written.Attribute}] {highName} = {Format(high)} is below {lowName} = {Format(low)}; {highName} must be >= {lowName}"));
            }
        }

        private static void Report(List<RuleViolation> found, WrittenSpec written, string property, string shown, bool valid, string requirement)
        {
            if (!valid)
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, property,
                    $"[{written.Attribute}] {property} = {shown} is out of range: {property} {requirement}"));
            }
        }

        /// <summary>The channel count of a valid [ImageInput], else null.</summary>
        private static int? ImageChannels(ExperimentModel model) =>
            Modality.Of(model) == InputKind.Image && model.Single(AttributeFamily.Input) is { } input
                && AttributeSpecs.Resolve(input) is ImageInputSpec { Channels: >= 1 } image
                ? image.Channels
                : null;

        /// <summary>NaN fails every comparison, but infinities pass one-sided ones (<c>&gt; 0</c>): no hyperparameter may be either.</summary>
        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
