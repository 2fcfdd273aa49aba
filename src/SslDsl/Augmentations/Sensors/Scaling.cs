using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Scaling: multiplies each channel of a selected sample by its own factor s ~ N(1, <see cref="Std"/>²) (Um et al.
    /// 2017; σ = 0.1 as in Iwana &amp; Uchida 2021, one factor per sample and channel). Input [B, C, T], floating point.
    /// </summary>
    public sealed class Scaling
    {
        /// <param name="std">Standard deviation of the factor around 1, ≥ 0 (0 is the identity).</param>
        /// <param name="probability">Probability that a sample is scaled, in [0, 1].</param>
        public Scaling(double std, double probability)
        {
            AugmentationSampling.CheckNonNegative(std, nameof(std));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Std = std;
            Probability = probability;
        }

        public double Std { get; }
        public double Probability { get; }

        /// <summary>Scales the channels of the selected samples of a [B, C, T] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckSeries(x, generator);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0 || Std == 0.0) return x.alias().MoveToOuterDisposeScope();
            var factors = SampleDraws.Normal(new[] { x.shape[0], x.shape[1], 1L }, generator, x.device, x.dtype)
                .mul_(Std).add_(1.0);
            var scaled = x * factors;
            return SequenceAugmentationMath.Select(x, scaled, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
