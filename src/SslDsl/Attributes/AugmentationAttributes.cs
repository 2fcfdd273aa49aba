using System;

namespace SslDsl
{
    /// <summary>
    /// Base of the augmentations. They run in declaration order on whole batches, drawing their random
    /// parameters per sample from the trainer's seeded generator.
    /// </summary>
    public abstract class AugmentationAttribute : Attribute
    {
        /// <summary>Probability that a sample gets this augmentation, in [0, 1].</summary>
        public double Probability { get; set; } = 1.0;

        /// <summary>-1 applies to every view, otherwise only to that view index (asymmetric pipelines).</summary>
        public int View { get; set; } = -1;
    }

    /// <summary>Base of augmentations that only make sense on images.</summary>
    public abstract class ImageAugmentationAttribute : AugmentationAttribute
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
}
