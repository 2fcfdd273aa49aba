using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// A random CT-style intensity window per sample: level L ~ U[<see cref="MinLevel"/>, <see cref="MaxLevel"/>], width
    /// W ~ U[<see cref="MinWidth"/>, <see cref="MaxWidth"/>], x → clamp((x - (L - W/2)) / W, 0, 1), with probability
    /// <see cref="Probability"/> (the window/level display transform of radiology; random windowing as in e.g.
    /// Kim et al., "Window setting optimization", and TorchIO's RescaleIntensity with in_min_max = (L - W/2, L + W/2)).
    /// </summary>
    public sealed class IntensityWindow
    {
        /// <param name="minLevel">Smallest window centre.</param>
        /// <param name="maxLevel">Largest window centre, ≥ minLevel.</param>
        /// <param name="minWidth">Smallest window width, &gt; 0.</param>
        /// <param name="maxWidth">Largest window width, ≥ minWidth.</param>
        /// <param name="probability">Probability that a sample is windowed, in [0, 1].</param>
        public IntensityWindow(double minLevel, double maxLevel, double minWidth, double maxWidth, double probability)
        {
            AugmentationSampling.CheckFinite(minLevel, nameof(minLevel));
            AugmentationSampling.CheckFinite(maxLevel, nameof(maxLevel));
            AugmentationSampling.CheckOrdered(minLevel, maxLevel, nameof(minLevel), nameof(maxLevel));
            if (!(minWidth > 0.0) || double.IsInfinity(maxWidth))
            {
                throw new System.ArgumentOutOfRangeException(nameof(minWidth), minWidth, $"minWidth must be > 0 but was {minWidth}.");
            }

            AugmentationSampling.CheckOrdered(minWidth, maxWidth, nameof(minWidth), nameof(maxWidth));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            MinLevel = minLevel;
            MaxLevel = maxLevel;
            MinWidth = minWidth;
            MaxWidth = maxWidth;
            Probability = probability;
        }

        public double MinLevel { get; }
        public double MaxLevel { get; }
        public double MinWidth { get; }
        public double MaxWidth { get; }
        public double Probability { get; }

        /// <summary>Windows the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var batch = images.shape[0];
            var level = ImageAugmentationMath.PerSample(AugmentationSampling.Uniform(batch, MinLevel, MaxLevel, generator, images.device, images.dtype));
            var width = ImageAugmentationMath.PerSample(AugmentationSampling.Uniform(batch, MinWidth, MaxWidth, generator, images.device, images.dtype));
            var low = level - width * 0.5;
            var windowed = (images - low).div_(width).clamp_(0.0, 1.0);
            return AugmentationSampling.Select(images, windowed, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
