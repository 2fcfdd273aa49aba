using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Channel (sensor) dropout: in a selected sample each channel is set to zero for all time steps, independently
    /// with probability <see cref="Rate"/> (whole-channel dropout as SpatialDropout, Tompson et al. 2015, applied to
    /// the input: a missing or failed sensor). No rescaling of the kept channels. Input [B, C, T], floating point.
    /// </summary>
    public sealed class ChannelDropout
    {
        /// <param name="rate">Probability that a channel of a selected sample is zeroed, in [0, 1] (0 is the identity).</param>
        /// <param name="probability">Probability that a sample is considered at all, in [0, 1].</param>
        public ChannelDropout(double rate, double probability)
        {
            SequenceAugmentationMath.CheckUnit(rate, nameof(rate));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Rate = rate;
            Probability = probability;
        }

        public double Rate { get; }
        public double Probability { get; }

        /// <summary>Zeroes random channels of the selected samples of a [B, C, T] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckSeries(x, generator);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0 || Rate == 0.0) return x.alias().MoveToOuterDisposeScope();
            var drop = SampleDraws.Uniform(new[] { x.shape[0], x.shape[1], 1L }, generator, x.device).lt(Rate);
            if (Probability < 1.0)
            {
                drop = drop.logical_and(SequenceAugmentationMath.SampleMask(x.shape[0], 3, Probability, generator, x.device));
            }

            return x.masked_fill(drop, 0.0).MoveToOuterDisposeScope();
        }
    }
}
