using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Word (token) dropout (Bowman et al. 2016, "Generating sentences from a continuous space": words replaced by
    /// &lt;UNK&gt;; Iyyer et al. 2015): in a selected sample each token whose id is not in <see cref="ProtectedIds"/>
    /// is replaced by <see cref="ReplacementId"/> independently with probability <see cref="Rate"/>. Protected ids
    /// (padding, [CLS], …) are never touched. Input [B, L], int64 token ids.
    /// </summary>
    public sealed class TokenDropout
    {
        private readonly long[] protectedIds;

        /// <param name="rate">Probability that an unprotected token of a selected sample is replaced, in [0, 1].</param>
        /// <param name="replacementId">Id written in place of a dropped token, ≥ 0.</param>
        /// <param name="protectedIds">Ids never replaced (may be empty).</param>
        /// <param name="probability">Probability that a sample is considered at all, in [0, 1].</param>
        public TokenDropout(double rate, long replacementId, long[] protectedIds, double probability)
        {
            SequenceAugmentationMath.CheckUnit(rate, nameof(rate));
            if (replacementId < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(replacementId), replacementId, $"{nameof(replacementId)} must be >= 0 but was {replacementId}.");
            }

            if (protectedIds is null) throw new ArgumentNullException(nameof(protectedIds));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Rate = rate;
            ReplacementId = replacementId;
            this.protectedIds = protectedIds.Distinct().ToArray();
            Probability = probability;
        }

        public double Rate { get; }
        public long ReplacementId { get; }

        /// <summary>The protected ids (a copy, duplicates removed).</summary>
        public long[] ProtectedIds => (long[])protectedIds.Clone();

        public double Probability { get; }

        /// <summary>Replaces random unprotected tokens of the selected samples of a [B, L] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckTokens(x, generator);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0 || Rate == 0.0) return x.alias().MoveToOuterDisposeScope();
            var drop = SampleDraws.Uniform(x.shape, generator, x.device).lt(Rate);
            if (protectedIds.Length > 0)
            {
                var ids = torch.tensor(protectedIds, dtype: ScalarType.Int64, device: x.device);
                var isProtected = x.unsqueeze(-1).eq(ids).any(-1);
                drop = drop.logical_and_(isProtected.logical_not_());
            }

            if (Probability < 1.0)
            {
                drop = drop.logical_and_(SequenceAugmentationMath.SampleMask(x.shape[0], 2, Probability, generator, x.device));
            }

            return x.masked_fill(drop, ReplacementId).MoveToOuterDisposeScope();
        }
    }
}
