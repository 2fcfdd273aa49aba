using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Inverts every pixel at or above <see cref="Threshold"/> (x → 1 - x), with probability <see cref="Probability"/>
    /// drawn per sample (BYOL, Grill et al. 2020, appendix B: threshold 0.5, p = 0.2 on the second view;
    /// torchvision's <c>solarize</c>: <c>where(x &gt;= threshold, 1 - x, x)</c>).
    /// </summary>
    public sealed class Solarize
    {
        /// <param name="threshold">Pixels ≥ threshold are inverted.</param>
        /// <param name="probability">Probability that a sample is solarized, in [0, 1].</param>
        public Solarize(double threshold, double probability)
        {
            AugmentationSampling.CheckFinite(threshold, nameof(threshold));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Threshold = threshold;
            Probability = probability;
        }

        public double Threshold { get; }
        public double Probability { get; }

        /// <summary>Solarizes the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var solarized = torch.where(images.ge(Threshold), images.neg().add_(1.0), images);
            return AugmentationSampling.Select(images, solarized, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
