using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Raises each image to a power γ drawn per sample log-uniformly from [<see cref="MinGamma"/>, <see cref="MaxGamma"/>],
    /// with probability <see cref="Probability"/> (TorchIO's RandomGamma, Pérez-García et al. 2021, which draws log γ
    /// uniformly; nnU-Net's gamma augmentation). Negative values keep their sign: sign(x) |x|^γ.
    /// </summary>
    public sealed class GammaContrast
    {
        /// <param name="minGamma">Smallest exponent, &gt; 0.</param>
        /// <param name="maxGamma">Largest exponent, ≥ minGamma.</param>
        /// <param name="probability">Probability that a sample is changed, in [0, 1].</param>
        public GammaContrast(double minGamma, double maxGamma, double probability)
        {
            if (!(minGamma > 0.0) || double.IsInfinity(maxGamma))
            {
                throw new ArgumentOutOfRangeException(nameof(minGamma), minGamma, $"minGamma must be > 0 but was {minGamma}.");
            }

            AugmentationSampling.CheckOrdered(minGamma, maxGamma, nameof(minGamma), nameof(maxGamma));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            MinGamma = minGamma;
            MaxGamma = maxGamma;
            Probability = probability;
        }

        public double MinGamma { get; }
        public double MaxGamma { get; }
        public double Probability { get; }

        /// <summary>Applies the per-sample gamma to the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var gamma = AugmentationSampling.Uniform(images.shape[0], Math.Log(MinGamma), Math.Log(MaxGamma), generator, images.device, images.dtype)
                .exp_();
            var changed = images.abs().pow_(ImageAugmentationMath.PerSample(gamma)).mul_(images.sign());
            return AugmentationSampling.Select(images, changed, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
