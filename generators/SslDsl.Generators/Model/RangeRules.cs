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
            }
        }

        /// <summary>Arguments without a sensible default (the image size) must be written.</summary>
        private static void CheckRequired(AttributeModel attribute, List<RuleViolation> found)
        {
            if (attribute.Name != "ImageInput")
            {
                return;
            }

            foreach (string name in new[] { "Height", "Width" })
            {
                if (!attribute.Has(name))
                {
                    found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, null,
                        $"[{attribute.Name}] {name} is not set: {name} must be >= 1"));
                }
            }
        }

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
                Report(found, attribute, argument, argument.Value.Number >= -1 && argument.Value.Number < views,
                    $"must be -1 (every view) or a view index in [0, {(views - 1).ToString(CultureInfo.InvariantCulture)}]");
                return;
            }

            if (attribute.Name == "ConvNet" && argument.Name == "Widths")
            {
                bool valid = argument.Value.Items.Count > 0;
                foreach (double width in argument.Value.Items)
                {
                    valid &= width >= 1;
                }

                Report(found, attribute, argument, valid, "must list at least one width, each >= 1");
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

        /// <summary>NaN fails every comparison, but infinities pass one-sided ones (<c>&gt; 0</c>): no hyperparameter may be either.</summary>
        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
