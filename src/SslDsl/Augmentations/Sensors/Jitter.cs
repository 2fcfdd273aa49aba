using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Jittering: adds N(0, <see cref="Std"/>²) noise to every value of the selected samples (Um et al. 2017,
    /// "Data augmentation of wearable sensor data for Parkinson's disease monitoring using CNNs"; σ = 0.03 as in
    /// Iwana &amp; Uchida 2021). Input [B, C, T], floating point; no clamping.
    /// </summary>
    public sealed class Jitter
    {
        /// <param name="std">Noise standard deviation ≥ 0 (0 is the identity).</param>
        /// <param name="probability">Probability that a sample gets noise, in [0, 1].</param>
        public Jitter(double std, double probability)
        {
            AugmentationSampling.CheckNonNegative(std, nameof(std));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Std = std;
            Probability = probability;
        }

        public double Std { get; }
        public double Probability { get; }

        /// <summary>Adds noise to the selected samples of a [B, C, T] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckSeries(x, generator);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0 || Std == 0.0) return x.alias().MoveToOuterDisposeScope();
            var noise = SampleDraws.DenseNormal(x.shape, generator, x.device, x.dtype);
            var noisy = noise.mul_(Std).add_(x);
            return SequenceAugmentationMath.Select(x, noisy, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
