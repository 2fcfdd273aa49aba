using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>Size 0 crops to the input's own height and width.</summary>
    internal sealed record RandomResizedCropSpec(int Size, double MinScale, double MaxScale, double MinRatio, double MaxRatio) : AugmentationSpec
    {
        public static RandomResizedCropSpec Resolve(AttributeModel a) => new RandomResizedCropSpec(
            a.Int("Size", 0), a.Number("MinScale", SslDefaults.CropMinScale), a.Number("MaxScale", SslDefaults.CropMaxScale),
            a.Number("MinRatio", SslDefaults.CropMinRatio), a.Number("MaxRatio", SslDefaults.CropMaxRatio)).Placed(a);
    }

    internal sealed record HorizontalFlipSpec : AugmentationSpec
    {
        public static HorizontalFlipSpec Resolve(AttributeModel a) => new HorizontalFlipSpec().Placed(a, SslDefaults.FlipProbability);
    }

    internal sealed record ColorJitterSpec(double Brightness, double Contrast, double Saturation, double Hue) : AugmentationSpec
    {
        public static ColorJitterSpec Resolve(AttributeModel a) => new ColorJitterSpec(
            a.Number("Brightness", SslDefaults.JitterBrightness), a.Number("Contrast", SslDefaults.JitterContrast),
            a.Number("Saturation", SslDefaults.JitterSaturation), a.Number("Hue", SslDefaults.JitterHue)).Placed(a, SslDefaults.JitterProbability);
    }

    internal sealed record GrayscaleSpec : AugmentationSpec
    {
        public static GrayscaleSpec Resolve(AttributeModel a) => new GrayscaleSpec().Placed(a, SslDefaults.GrayscaleProbability);
    }

    internal sealed record GaussianBlurSpec(int KernelSize, double MinSigma, double MaxSigma) : AugmentationSpec
    {
        public static GaussianBlurSpec Resolve(AttributeModel a) => new GaussianBlurSpec(
            a.Int("KernelSize", SslDefaults.BlurKernelSize), a.Number("MinSigma", SslDefaults.BlurMinSigma), a.Number("MaxSigma", SslDefaults.BlurMaxSigma)).Placed(a, SslDefaults.BlurProbability);
    }

    internal sealed record SolarizeSpec(double Threshold) : AugmentationSpec
    {
        public static SolarizeSpec Resolve(AttributeModel a) =>
            new SolarizeSpec(a.Number("Threshold", SslDefaults.SolarizeThreshold)).Placed(a, SslDefaults.SolarizeProbability);
    }

    internal sealed record NormalizeSpec(EquatableArray<double> Mean, EquatableArray<double> Std) : AugmentationSpec
    {
        public static NormalizeSpec Resolve(AttributeModel a) =>
            new NormalizeSpec(new EquatableArray<double>(a.Numbers("Mean", SslDefaults.NormalizeMean)), new EquatableArray<double>(a.Numbers("Std", SslDefaults.NormalizeStd))).Placed(a);
    }

    internal sealed record GammaContrastSpec(double MinGamma, double MaxGamma) : AugmentationSpec
    {
        public static GammaContrastSpec Resolve(AttributeModel a) =>
            new GammaContrastSpec(a.Number("MinGamma", SslDefaults.GammaMin), a.Number("MaxGamma", SslDefaults.GammaMax)).Placed(a);
    }

    internal sealed record IntensityWindowSpec(double MinLevel, double MaxLevel, double MinWidth, double MaxWidth) : AugmentationSpec
    {
        public static IntensityWindowSpec Resolve(AttributeModel a) => new IntensityWindowSpec(
            a.Number("MinLevel", SslDefaults.WindowMinLevel), a.Number("MaxLevel", SslDefaults.WindowMaxLevel),
            a.Number("MinWidth", SslDefaults.WindowMinWidth), a.Number("MaxWidth", SslDefaults.WindowMaxWidth)).Placed(a);
    }

    internal sealed record BiasFieldSpec(int Order, double Strength) : AugmentationSpec
    {
        public static BiasFieldSpec Resolve(AttributeModel a) =>
            new BiasFieldSpec(a.Int("Order", SslDefaults.BiasFieldOrder), a.Number("Strength", SslDefaults.BiasFieldStrength)).Placed(a);
    }

    internal sealed record GaussianNoiseSpec(double MinStd, double MaxStd) : AugmentationSpec
    {
        public static GaussianNoiseSpec Resolve(AttributeModel a) =>
            new GaussianNoiseSpec(a.Number("MinStd", SslDefaults.NoiseMinStd), a.Number("MaxStd", SslDefaults.NoiseMaxStd)).Placed(a);
    }

    internal sealed record RicianNoiseSpec(double MinStd, double MaxStd) : AugmentationSpec
    {
        public static RicianNoiseSpec Resolve(AttributeModel a) =>
            new RicianNoiseSpec(a.Number("MinStd", SslDefaults.NoiseMinStd), a.Number("MaxStd", SslDefaults.NoiseMaxStd)).Placed(a);
    }

    internal sealed record MotionBlurSpec(int KernelSize) : AugmentationSpec
    {
        public static MotionBlurSpec Resolve(AttributeModel a) =>
            new MotionBlurSpec(a.Int("KernelSize", SslDefaults.MotionBlurKernelSize)).Placed(a);
    }
}
