using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Time masking (SpecAugment, Park et al. 2019, applied to sensor streams): in a selected sample all channels are
    /// zeroed over one contiguous span whose length is uniform in [1, floor(<see cref="MaxFraction"/> T)] and whose
    /// start is uniform among the positions where the span fits. A maximum span of 0 steps (MaxFraction T &lt; 1)
    /// masks nothing. Input [B, C, T], floating point.
    /// </summary>
    public sealed class TimeMask
    {
        /// <param name="maxFraction">Longest span as a fraction of T, in [0, 1].</param>
        /// <param name="probability">Probability that a sample is masked, in [0, 1].</param>
        public TimeMask(double maxFraction, double probability)
        {
            SequenceAugmentationMath.CheckUnit(maxFraction, nameof(maxFraction));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            MaxFraction = maxFraction;
            Probability = probability;
        }

        public double MaxFraction { get; }
        public double Probability { get; }

        /// <summary>floor(MaxFraction T), with a 1e-9 allowance so that e.g. 0.29 × 100 gives 29, not 28.</summary>
        public long MaxSpan(long length) => Math.Min(length, (long)Math.Floor(MaxFraction * length + 1e-9));

        /// <summary>Zeroes one random time span of the selected samples of a [B, C, T] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckSeries(x, generator);
            using var scope = torch.NewDisposeScope();
            long batch = x.shape[0], length = x.shape[2];
            var maxSpan = MaxSpan(length);
            if (Probability == 0.0 || maxSpan == 0) return x.alias().MoveToOuterDisposeScope();
            var span = SequenceAugmentationMath.UniformIndex(
                torch.full(new[] { batch }, (double)maxSpan, dtype: ScalarType.Float32, device: x.device), generator).add_(1L);
            var start = SequenceAugmentationMath.UniformIndex((length + 1L - span).to(ScalarType.Float32), generator);
            var t = SequenceAugmentationMath.Steps(length, x.device);
            var begin = start.unsqueeze(1);
            var masked = t.ge(begin).logical_and_(t.lt(begin + span.unsqueeze(1)));
            if (Probability < 1.0)
            {
                masked = masked.logical_and_(SequenceAugmentationMath.SampleMask(batch, 2, Probability, generator, x.device));
            }

            return x.masked_fill(masked.unsqueeze(1), 0.0).MoveToOuterDisposeScope();
        }
    }
}
