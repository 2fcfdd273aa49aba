using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Adds zero-mean Gaussian noise whose standard deviation is drawn per sample from U[<see cref="MinStd"/>,
    /// <see cref="MaxStd"/>], with probability <see cref="Probability"/> (TorchIO's RandomNoise). No clamping.
    /// </summary>
    public sealed class GaussianNoise
    {
        /// <param name="minStd">Smallest standard deviation ≥ 0.</param>
        /// <param name="maxStd">Largest standard deviation ≥ minStd.</param>
        /// <param name="probability">Probability that a sample gets noise, in [0, 1].</param>
        public GaussianNoise(double minStd, double maxStd, double probability)
        {
            AugmentationSampling.CheckNonNegative(minStd, nameof(minStd));
            AugmentationSampling.CheckNonNegative(maxStd, nameof(maxStd));
            AugmentationSampling.CheckOrdered(minStd, maxStd, nameof(minStd), nameof(maxStd));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            MinStd = minStd;
            MaxStd = maxStd;
            Probability = probability;
        }

        public double MinStd { get; }
        public double MaxStd { get; }
        public double Probability { get; }

        /// <summary>Adds noise to the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var std = ImageAugmentationMath.PerSample(AugmentationSampling.Uniform(images.shape[0], MinStd, MaxStd, generator, images.device, images.dtype));
            var noise = SampleDraws.DenseNormal(images.shape, generator, images.device, images.dtype);
            var noisy = noise.mul_(std).add_(images);
            return AugmentationSampling.Select(images, noisy, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
