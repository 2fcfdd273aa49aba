using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SslDsl.Generators.Model
{
    /// <summary>SSL0006: every hyperparameter a user wrote must lie in its valid range.</summary>
    internal static partial class RangeRules
    {
        private delegate bool Test(double value);

        private sealed record Range(string Attribute, string Argument, Test IsValid, string Requirement);

        private static readonly Range[] CoreRanges =
        {
            new("ImageInput", "Channels", v => v >= 1, "must be >= 1"),
            new("ImageInput", "Height", v => v >= 1, "must be >= 1"),
            new("ImageInput", "Width", v => v >= 1, "must be >= 1"),
            new("ResNet", "Depth", v => v == 18 || v == 34 || v == 50, "must be 18, 34 or 50"),
            new("ResNet", "WidthMultiplier", v => v > 0, "must be > 0"),
            new("Projector", "Hidden", v => v >= 1, "must be >= 1"),
            new("Projector", "Output", v => v >= 1, "must be >= 1"),
            new("Projector", "Layers", v => v >= 1, "must be >= 1"),
            new("Views", "Count", v => v >= 1, "must be >= 1"),
            new("RandomResizedCrop", "Size", v => v >= 0, "must be >= 0 (0 keeps the input size)"),
            new("RandomResizedCrop", "MinScale", v => v > 0 && v <= 1, "must be in (0, 1]"),
            new("RandomResizedCrop", "MaxScale", v => v > 0 && v <= 1, "must be in (0, 1]"),
            new("RandomResizedCrop", "MinRatio", v => v > 0, "must be > 0"),
            new("RandomResizedCrop", "MaxRatio", v => v > 0, "must be > 0"),
            new("ColorJitter", "Brightness", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("ColorJitter", "Contrast", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("ColorJitter", "Saturation", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("ColorJitter", "Hue", v => v >= 0 && v <= 0.5, "must be in [0, 0.5]"),
            new("GaussianBlur", "KernelSize", v => v == 0 || (v >= 1 && v % 2 == 1), "must be 0 (10% of the side) or an odd number >= 1"),
            new("GaussianBlur", "MinSigma", v => v > 0, "must be > 0"),
            new("GaussianBlur", "MaxSigma", v => v > 0, "must be > 0"),
            new("Solarize", "Threshold", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("GammaContrast", "MinGamma", v => v > 0, "must be > 0"),
            new("GammaContrast", "MaxGamma", v => v > 0, "must be > 0"),
            new("IntensityWindow", "MinWidth", v => v > 0, "must be > 0"),
            new("IntensityWindow", "MaxWidth", v => v > 0, "must be > 0"),
            new("BiasField", "Order", v => v >= 0, "must be >= 0"),
            new("BiasField", "Strength", v => v >= 0, "must be >= 0"),
            new("GaussianNoise", "MinStd", v => v >= 0, "must be >= 0"),
            new("GaussianNoise", "MaxStd", v => v >= 0, "must be >= 0"),
            new("RicianNoise", "MinStd", v => v >= 0, "must be >= 0"),
            new("RicianNoise", "MaxStd", v => v >= 0, "must be >= 0"),
            new("MotionBlur", "KernelSize", v => v >= 3 && v % 2 == 1, "must be an odd number >= 3"),
            new("SimClr", "Temperature", v => v > 0, "must be > 0"),
            new("MoCo", "Version", v => v == 2 || v == 3, "must be 2 or 3"),
            new("MoCo", "QueueSize", v => v >= 1, "must be >= 1"),
            new("MoCo", "Momentum", v => v >= 0 && v < 1, "must be in [0, 1)"),
            new("MoCo", "Temperature", v => v > 0, "must be > 0"),
            new("Byol", "MomentumStart", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("Byol", "MomentumEnd", v => v >= 0 && v <= 1, "must be in [0, 1]"),
            new("BarlowTwins", "Lambda", v => v >= 0, "must be >= 0"),
            new("Vicreg", "Invariance", v => v >= 0, "must be >= 0"),
            new("Vicreg", "Variance", v => v >= 0, "must be >= 0"),
            new("Vicreg", "Covariance", v => v >= 0, "must be >= 0"),
            new("Predictor", "Hidden", v => v >= 1, "must be >= 1"),
            new("Predictor", "Output", v => v >= 0, "must be >= 0 (0 = the projector's output size)"),
            new("Sgd", "LearningRate", v => v > 0, "must be > 0"),
            new("Sgd", "Momentum", v => v >= 0 && v < 1, "must be in [0, 1)"),
            new("Sgd", "WeightDecay", v => v >= 0, "must be >= 0"),
            new("Lars", "LearningRate", v => v > 0, "must be > 0"),
            new("Lars", "Momentum", v => v >= 0 && v < 1, "must be in [0, 1)"),
            new("Lars", "WeightDecay", v => v >= 0, "must be >= 0"),
            new("Lars", "TrustCoefficient", v => v > 0, "must be > 0"),
            new("AdamW", "LearningRate", v => v > 0, "must be > 0"),
            new("AdamW", "WeightDecay", v => v >= 0, "must be >= 0"),
            new("AdamW", "Beta1", v => v >= 0 && v < 1, "must be in [0, 1)"),
            new("AdamW", "Beta2", v => v >= 0 && v < 1, "must be in [0, 1)"),
            new("WarmupCosine", "WarmupEpochs", v => v >= 0, "must be >= 0"),
            new("WarmupCosine", "FinalLearningRate", v => v >= 0, "must be >= 0"),
            new("Training", "BatchSize", v => v >= 1, "must be >= 1"),
            new("Training", "Epochs", v => v >= 1, "must be >= 1"),
            new("Training", "AccumulationSteps", v => v >= 1, "must be >= 1"),
            new("Training", "LogEverySteps", v => v >= 1, "must be >= 1"),
            new("LinearProbe", "Epochs", v => v >= 1, "must be >= 1"),
            new("LinearProbe", "WeightDecay", v => v >= 0, "must be >= 0"),
            new("KnnMonitor", "K", v => v >= 1, "must be >= 1"),
            new("KnnMonitor", "Temperature", v => v > 0, "must be > 0"),
            new("KnnMonitor", "EveryEpochs", v => v >= 1, "must be >= 1"),
            new("Checkpoint", "EveryEpochs", v => v >= 0, "must be >= 0 (0 = not by epoch)"),
            new("Checkpoint", "EverySteps", v => v >= 0, "must be >= 0 (0 = not by optimizer step)"),
            new("Checkpoint", "Keep", v => v >= 1, "must be >= 1"),
        };

        /// <summary>Arguments without a sensible default: the sizes of the input, the forecast horizon, a custom encoder's width.</summary>
        private static readonly (string Attribute, string Argument)[] Required =
        {
            ("ImageInput", "Height"),
            ("ImageInput", "Width"),
            ("SequenceInput", "Length"),
            ("TokenInput", "VocabSize"),
            ("TokenInput", "Length"),
            ("FutureWindowPrediction", "Horizon"),
            ("WindowCrop", "Length"),
            ("CustomEncoder", "OutputDim"),
        };

        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            foreach (AttributeModel attribute in model.Attributes)
            {
                foreach (ArgumentModel argument in attribute.Arguments)
                {
                    CheckArgument(model, attribute, argument, found);
                }

                CheckPairs(attribute, found);
                CheckRequired(attribute, found);
                CheckCheckpoint(attribute, found);
            }

            CheckAugmentationMethods(model, found);
        }

        /// <summary>Arguments without a sensible default must be written.</summary>
        private static void CheckRequired(AttributeModel attribute, List<RuleViolation> found)
        {
            foreach ((string owner, string name) in Required)
            {
                if (owner == attribute.Name && !attribute.Has(name))
                {
                    found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, null,
                        $"[{attribute.Name}] {name} is not set: {name} must be >= 1"));
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
                    found.Add(new RuleViolation(DiagnosticIds.OutOfRange, -1, "Probability",
                        $"[Augmentation] method '{method.Name}': Probability = {Format(method.Probability)} is out of range: Probability must be in [0, 1]", i));
                }

                if (method.View < -1 || method.View >= views)
                {
                    found.Add(new RuleViolation(DiagnosticIds.OutOfRange, -1, "View",
                        $"[Augmentation] method '{method.Name}': View = {method.View.ToString(CultureInfo.InvariantCulture)} is out of range: View {ViewRequirement(views)}", i));
                }
            }
        }

        private static string ViewRequirement(int views) =>
            $"must be -1 (every view) or a view index in [0, {(views - 1).ToString(CultureInfo.InvariantCulture)}]";

        private static void CheckArgument(ExperimentModel model, AttributeModel attribute, ArgumentModel argument, List<RuleViolation> found)
        {
            if (attribute.Family == AttributeFamily.Augmentation && argument.Name == "Probability")
            {
                Report(found, attribute, argument, argument.Value.Number is >= 0 and <= 1, "must be in [0, 1]");
                return;
            }

            if (attribute.Family == AttributeFamily.Augmentation && argument.Name == "View")
            {
                int views = ExperimentRules.ViewCount(model);
                Report(found, attribute, argument, argument.Value.Number >= -1 && argument.Value.Number < views, ViewRequirement(views));
                return;
            }

            if (ArrayRequirement(model, attribute, argument) is { } array)
            {
                Report(found, attribute, argument, array.Valid, array.Requirement);
                return;
            }

            // The tables live in three files (partial class); initialisers across files run in no defined order, so they are combined here, not in a field.
            foreach (Range range in CoreRanges.Concat(ModelRanges).Concat(SequenceRanges))
            {
                if (range.Attribute == attribute.Name && range.Argument == argument.Name)
                {
                    Report(found, attribute, argument, IsFinite(argument.Value.Number) && range.IsValid(argument.Value.Number), range.Requirement);
                }
            }
        }

        /// <summary>Ranges given by two arguments, reported at the upper bound.</summary>
        private static void CheckPairs(AttributeModel attribute, List<RuleViolation> found)
        {
            if (attribute.Name == "RandomResizedCrop")
            {
                CheckOrdered(attribute, "MinScale", SslDefaults.CropMinScale, "MaxScale", SslDefaults.CropMaxScale, found);
                CheckOrdered(attribute, "MinRatio", SslDefaults.CropMinRatio, "MaxRatio", SslDefaults.CropMaxRatio, found);
            }
            else if (attribute.Name == "Byol")
            {
                CheckOrdered(attribute, "MomentumStart", SslDefaults.ByolMomentumStart, "MomentumEnd", SslDefaults.ByolMomentumEnd, found);
            }
            else if (attribute.Name == "GaussianBlur")
            {
                CheckOrdered(attribute, "MinSigma", SslDefaults.BlurMinSigma, "MaxSigma", SslDefaults.BlurMaxSigma, found);
            }
            else if (attribute.Name == "GammaContrast")
            {
                CheckOrdered(attribute, "MinGamma", SslDefaults.GammaMin, "MaxGamma", SslDefaults.GammaMax, found);
            }
            else if (attribute.Name == "IntensityWindow")
            {
                CheckOrdered(attribute, "MinLevel", SslDefaults.WindowMinLevel, "MaxLevel", SslDefaults.WindowMaxLevel, found);
                CheckOrdered(attribute, "MinWidth", SslDefaults.WindowMinWidth, "MaxWidth", SslDefaults.WindowMaxWidth, found);
            }
            else if (attribute.Name is "GaussianNoise" or "RicianNoise")
            {
                CheckOrdered(attribute, "MinStd", SslDefaults.NoiseMinStd, "MaxStd", SslDefaults.NoiseMaxStd, found);
            }
            else if (attribute.Name == "MultiCrop")
            {
                CheckOrdered(attribute, "LocalMinScale", SslDefaults.MultiCropLocalMinScale, "GlobalMinScale", SslDefaults.MultiCropGlobalMinScale, found);
            }
            else if (attribute.Name == "VisionTransformer" && attribute.Number("Dim", SslDefaults.VitDim) % 4 == 0)
            {
                // A Dim that is no multiple of 4 is out of range already.
                CheckHeads(attribute, "Dim", SslDefaults.VitDim, "Heads", SslDefaults.VitHeads, found);
                CheckMlpWidth(attribute, found);
            }
            else if (attribute.Name == "TransformerEncoder")
            {
                CheckHeads(attribute, "Dim", SslDefaults.TransformerDim, "Heads", SslDefaults.TransformerHeads, found);
            }
            else if (attribute.Name == "MaskedAutoencoder")
            {
                CheckHeads(attribute, "DecoderDim", SslDefaults.MaeDecoderDim, "DecoderHeads", SslDefaults.MaeDecoderHeads, found);
            }
        }

        /// <summary>Multi-head attention splits the width into equal heads: the heads must divide it.</summary>
        private static void CheckHeads(AttributeModel attribute, string dimName, int dimDefault, string headsName, int headsDefault, List<RuleViolation> found)
        {
            if (ExperimentRules.IntAtLeast(attribute, dimName, dimDefault, 1) is not { } dim
                || ExperimentRules.IntAtLeast(attribute, headsName, headsDefault, 1) is not { } heads
                || dim % heads == 0)
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, ExperimentRules.WrittenArgument(attribute, headsName, dimName),
                $"[{attribute.Name}] {headsName} = {Format(heads)} does not divide {dimName} = {Format(dim)}: attention splits the width into equal heads, so {dimName} must be a multiple of {headsName}"));
        }

        /// <summary>The ViT block's MLP has (int)(Dim × MlpRatio) units, at least one.</summary>
        private static void CheckMlpWidth(AttributeModel attribute, List<RuleViolation> found)
        {
            if (ExperimentRules.IntAtLeast(attribute, "Dim", SslDefaults.VitDim, 1) is not { } dim
                || ExperimentRules.Finite(attribute, "MlpRatio", SslDefaults.VitMlpRatio) is not { } ratio
                || !(ratio > 0)
                || (int)(dim * ratio) >= 1)
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, ExperimentRules.WrittenArgument(attribute, "MlpRatio", "Dim"),
                $"[{attribute.Name}] MlpRatio = {Format(ratio)} gives blocks an MLP of (int)({Format(dim)} × {Format(ratio)}) = 0 units; Dim × MlpRatio must be >= 1"));
        }

        /// <summary>Array arguments: their length and every entry; null for other arguments.</summary>
        private static (bool Valid, string Requirement)? ArrayRequirement(ExperimentModel model, AttributeModel attribute, ArgumentModel argument)
        {
            EquatableArray<double> items = argument.Value.Items;
            switch (attribute.Name, argument.Name)
            {
                case ("ConvNet", "Widths"):
                    return (items.Count > 0 && items.All(w => w >= 1), "must list at least one width, each >= 1");
                case ("Mlp", "Hidden"):
                    return (items.Count > 0 && items.All(w => w >= 1), "must list at least one hidden width, each >= 1");
                case ("TemporalConvNet", "Widths"):
                    return (items.Count is > 0 and <= 24 && items.All(w => w >= 1), "must list 1 to 24 level widths (dilation 2^level), each >= 1");
                case ("Normalize", "Mean"):
                case ("Normalize", "Std"):
                    bool mean = argument.Name == "Mean";
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
                default:
                    return null;
            }
        }

        private static void CheckOrdered(AttributeModel attribute, string lowName, double lowDefault, string highName, double highDefault, List<RuleViolation> found)
        {
            double low = attribute.Number(lowName, lowDefault);
            double high = attribute.Number(highName, highDefault);
            if (high < low && (attribute.Has(lowName) || attribute.Has(highName)))
            {
                string at = attribute.Has(highName) ? highName : lowName;
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, at,
                    $"[{attribute.Name}] {highName} = {Format(high)} is below {lowName} = {Format(low)}; {highName} must be >= {lowName}"));
            }
        }

        private static void Report(List<RuleViolation> found, AttributeModel attribute, ArgumentModel argument, bool valid, string requirement)
        {
            if (!valid)
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, argument.Name,
                    $"[{attribute.Name}] {argument.Name} = {argument.Value.Display} is out of range: {argument.Name} {requirement}"));
            }
        }

        /// <summary>The channel count of a valid [ImageInput], else null.</summary>
        private static int? ImageChannels(ExperimentModel model) =>
            Modality.Of(model) == InputKind.Image && model.Single(AttributeFamily.Input) is { } input
                ? ExperimentRules.IntAtLeast(input, "Channels", 3, 1)
                : null;

        /// <summary>NaN fails every comparison, but infinities pass one-sided ones (<c>&gt; 0</c>): no hyperparameter may be either.</summary>
        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
