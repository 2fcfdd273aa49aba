using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Rician noise of magnitude MRI: sqrt((x + σ n1)² + (σ n2)²) with n1, n2 ~ N(0, 1) and σ drawn per sample from
    /// U[<see cref="MinStd"/>, <see cref="MaxStd"/>], with probability <see cref="Probability"/> (Gudbjartsson and
    /// Patz 1995; batchgenerators' augment_rician_noise, MONAI's RandRicianNoise). The result is |x| where σ = 0.
    /// </summary>
    public sealed class RicianNoise
    {
        /// <param name="minStd">Smallest σ ≥ 0.</param>
        /// <param name="maxStd">Largest σ ≥ minStd.</param>
        /// <param name="probability">Probability that a sample gets noise, in [0, 1].</param>
        public RicianNoise(double minStd, double maxStd, double probability)
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

        /// <summary>Adds Rician noise to the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var std = ImageAugmentationMath.PerSample(AugmentationSampling.Uniform(images.shape[0], MinStd, MaxStd, generator, images.device, images.dtype));
            var real = SampleDraws.DenseNormal(images.shape, generator, images.device, images.dtype).mul_(std).add_(images);
            var imaginary = SampleDraws.DenseNormal(images.shape, generator, images.device, images.dtype).mul_(std);
            var noisy = (real * real).add_(imaginary * imaginary).sqrt_();
            return AugmentationSampling.Select(images, noisy, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
