using System;

namespace SslDsl
{
    /// <summary>
    /// Base of the built-in augmentations declared on the experiment class. They run in declaration order on
    /// whole batches of views, drawing their random parameters per sample from the trainer's seeded generator.
    /// </summary>
    public abstract class ViewAugmentationAttribute : Attribute
    {
        /// <summary>Probability that a sample gets this augmentation, in [0, 1].</summary>
        public double Probability { get; set; } = 1.0;

        /// <summary>-1 applies to every view, otherwise only to that view index (asymmetric pipelines).</summary>
        public int View { get; set; } = -1;
    }

    /// <summary>Base of augmentations that only make sense on images.</summary>
    public abstract class ImageAugmentationAttribute : ViewAugmentationAttribute
    {
    }

    /// <summary>
    /// Crops a random area fraction in [MinScale, MaxScale] with log-uniform aspect ratio in [MinRatio, MaxRatio]
    /// and resizes it (bilinear) to Size x Size, per sample, as torchvision's RandomResizedCrop.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class RandomResizedCropAttribute : ImageAugmentationAttribute
    {
        public int Size { get; set; }
        public double MinScale { get; set; } = SslDefaults.CropMinScale;
        public double MaxScale { get; set; } = SslDefaults.CropMaxScale;
        public double MinRatio { get; set; } = SslDefaults.CropMinRatio;
        public double MaxRatio { get; set; } = SslDefaults.CropMaxRatio;
    }

    /// <summary>Mirrors the image left-right.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class HorizontalFlipAttribute : ImageAugmentationAttribute
    {
        public HorizontalFlipAttribute() => Probability = SslDefaults.FlipProbability;
    }

    /// <summary>
    /// Random brightness, contrast, saturation and hue changes, in a random order per sample (torchvision's
    /// ColorJitter). Strength s draws a factor in [1-s, 1+s]; hue shifts by up to ±Hue turns.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ColorJitterAttribute : ImageAugmentationAttribute
    {
        public ColorJitterAttribute() => Probability = SslDefaults.JitterProbability;

        public double Brightness { get; set; } = SslDefaults.JitterBrightness;
        public double Contrast { get; set; } = SslDefaults.JitterContrast;
        public double Saturation { get; set; } = SslDefaults.JitterSaturation;
        public double Hue { get; set; } = SslDefaults.JitterHue;
    }

    /// <summary>Replaces the colours with their luminance (ITU-R 601), keeping the channel count.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GrayscaleAttribute : ImageAugmentationAttribute
    {
        public GrayscaleAttribute() => Probability = SslDefaults.GrayscaleProbability;
    }

    /// <summary>
    /// Gaussian blur with σ ~ U[MinSigma, MaxSigma] per sample (SimCLR, Chen et al. 2020, appendix A: σ ∈ [0.1, 2.0],
    /// kernel 10% of the image side, p = 0.5; torchvision's GaussianBlur). KernelSize 0 uses ~10% of the shorter side,
    /// made odd; otherwise an odd size.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GaussianBlurAttribute : ImageAugmentationAttribute
    {
        public GaussianBlurAttribute() => Probability = SslDefaults.BlurProbability;

        public int KernelSize { get; set; } = SslDefaults.BlurKernelSize;
        public double MinSigma { get; set; } = SslDefaults.BlurMinSigma;
        public double MaxSigma { get; set; } = SslDefaults.BlurMaxSigma;
    }

    /// <summary>
    /// Inverts the pixels at or above Threshold (x → 1 - x) (BYOL, Grill et al. 2020, appendix B: threshold 0.5,
    /// p = 0.2 on the second view; torchvision's RandomSolarize).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SolarizeAttribute : ImageAugmentationAttribute
    {
        public SolarizeAttribute() => Probability = SslDefaults.SolarizeProbability;

        public double Threshold { get; set; } = SslDefaults.SolarizeThreshold;
    }

    /// <summary>
    /// Deterministic per-channel standardisation (x - Mean[c]) / Std[c] (torchvision's Normalize); one value applies to
    /// every channel. Probability is not used.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class NormalizeAttribute : ImageAugmentationAttribute
    {
        public double[] Mean { get; set; } = (double[])SslDefaults.NormalizeMean.Clone();
        public double[] Std { get; set; } = (double[])SslDefaults.NormalizeStd.Clone();
    }

    /// <summary>
    /// Medical: x → sign(x) |x|^γ with γ log-uniform in [MinGamma, MaxGamma] per sample (TorchIO's RandomGamma,
    /// Pérez-García et al. 2021; nnU-Net's gamma augmentation).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GammaContrastAttribute : ImageAugmentationAttribute
    {
        public double MinGamma { get; set; } = SslDefaults.GammaMin;
        public double MaxGamma { get; set; } = SslDefaults.GammaMax;
    }

    /// <summary>
    /// Medical: a random CT-style intensity window per sample, level L ~ U[MinLevel, MaxLevel] and width
    /// W ~ U[MinWidth, MaxWidth], x → clamp((x - (L - W/2)) / W, 0, 1) (radiology window/level; TorchIO's
    /// RescaleIntensity with in_min_max = (L - W/2, L + W/2)).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class IntensityWindowAttribute : ImageAugmentationAttribute
    {
        public double MinLevel { get; set; } = SslDefaults.WindowMinLevel;
        public double MaxLevel { get; set; } = SslDefaults.WindowMaxLevel;
        public double MinWidth { get; set; } = SslDefaults.WindowMinWidth;
        public double MaxWidth { get; set; } = SslDefaults.WindowMaxWidth;
    }

    /// <summary>
    /// Medical: multiplies by a smooth field exp(Σ_{i+j ≤ Order} c_ij x^i y^j), coordinates in [-1, 1], coefficients
    /// c_ij ~ U[-Strength, Strength] per sample (MRI bias field, TorchIO's RandomBiasField; Sudre et al. 2017).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class BiasFieldAttribute : ImageAugmentationAttribute
    {
        public int Order { get; set; } = SslDefaults.BiasFieldOrder;
        public double Strength { get; set; } = SslDefaults.BiasFieldStrength;
    }

    /// <summary>Medical: adds N(0, σ²) noise, σ ~ U[MinStd, MaxStd] per sample (TorchIO's RandomNoise).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GaussianNoiseAttribute : ImageAugmentationAttribute
    {
        public double MinStd { get; set; } = SslDefaults.NoiseMinStd;
        public double MaxStd { get; set; } = SslDefaults.NoiseMaxStd;
    }

    /// <summary>
    /// Medical: Rician (magnitude MRI) noise sqrt((x + σ n1)² + (σ n2)²), n1, n2 ~ N(0, 1), σ ~ U[MinStd, MaxStd] per
    /// sample (Gudbjartsson and Patz 1995; batchgenerators' augment_rician_noise, MONAI's RandRicianNoise).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class RicianNoiseAttribute : ImageAugmentationAttribute
    {
        public double MinStd { get; set; } = SslDefaults.NoiseMinStd;
        public double MaxStd { get; set; } = SslDefaults.NoiseMaxStd;
    }

    /// <summary>
    /// Medical: motion blur, a normalised KernelSize-long line kernel at a random angle in [0, π) per sample
    /// (albumentations' MotionBlur; anti-aliased line).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MotionBlurAttribute : ImageAugmentationAttribute
    {
        public int KernelSize { get; set; } = SslDefaults.MotionBlurKernelSize;
    }
}
