using System;
using SslDsl.Distributed;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Masked reconstruction loss for sensor streams: the mean squared error over the hidden entries only,
    /// <c>Σ mask · (predicted − target)² / Σ mask</c> (with a 0/1 mask from <see cref="StreamMasking.Sample"/>).
    /// Visible entries do not count and get no gradient; the target gets none either.
    /// </summary>
    public static class MaskedReconstructionLoss
    {
        /// <param name="predicted">The reconstruction, any shape.</param>
        /// <param name="target">The original windows, same shape.</param>
        /// <param name="mask">Same shape, 1 = hidden (scored), 0 = visible.</param>
        /// <remarks>A mask with no hidden entry gives 0/0 = NaN (checking would read the mask back to the host).</remarks>
        public static Tensor Compute(Tensor predicted, Tensor target, Tensor mask) => Compute(predicted, target, mask, SingleProcessGroup.Instance);

        /// <summary>
        /// On several ranks (data parallel), this rank's share of the global batch's loss: its squared errors summed over
        /// its hidden entries, divided by the hidden entries of every rank (one all-reduce of a count) and multiplied by
        /// the ranks, so that the ranks' averaged gradients and losses are those of the global mean.
        /// </summary>
        public static Tensor Compute(Tensor predicted, Tensor target, Tensor mask, IProcessGroup group)
        {
            ArgumentNullException.ThrowIfNull(group);
            ArgumentNullException.ThrowIfNull(predicted);
            ArgumentNullException.ThrowIfNull(target);
            ArgumentNullException.ThrowIfNull(mask);
            using AutocastScope float32Region = LossPrecision.Float32Region(predicted); // the loss computes in float32 (mixed precision)
            predicted = LossPrecision.AtLeastFloat32(predicted);
            target = LossPrecision.AtLeastFloat32(target);
            if (!predicted.shape.AsSpan().SequenceEqual(target.shape) || !predicted.shape.AsSpan().SequenceEqual(mask.shape))
            {
                throw new ArgumentException(
                    $"predicted, target and mask must have one shape, got [{string.Join(", ", predicted.shape)}], [{string.Join(", ", target.shape)}] and [{string.Join(", ", mask.shape)}]",
                    nameof(mask));
            }

            using var scope = NewDisposeScope();
            Tensor weights = mask.to_type(predicted.dtype);
            Tensor squared = predicted.sub(target.detach().to_type(predicted.dtype)).square();
            return squared.mul(weights).sum().div_(GlobalCount.Of(weights.sum(), group)).MoveToOuterDisposeScope();
        }
    }
}
