using System;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// MAE reconstruction loss (He et al. 2022, <c>models_mae.py</c> <c>forward_loss</c>): with
    /// <c>normalizePixels</c> each target patch is standardised by its own mean and variance,
    /// <c>(t − mean) / sqrt(var + 1e-6)</c> (the "norm-pix" target; the variance is the unbiased one, as
    /// <c>torch.var</c>'s default that MAE uses); the squared error is averaged over each patch's values, then over the
    /// masked patches only: <c>Σ_bl m_bl · mean_p (pred − t)² / Σ_bl m_bl</c>.
    /// </summary>
    public static class MaeLoss
    {
        /// <summary>The ε added to the patch variance (MAE: <c>1.e-6</c>).</summary>
        public const double VarianceEpsilon = 1e-6;

        /// <summary>Mean squared error over the masked patches; a scalar tensor in the prediction's dtype.</summary>
        /// <param name="predicted"><c>[B, L, P]</c> decoder output.</param>
        /// <param name="targetPatches"><c>[B, L, P]</c> patchified images (<see cref="MaePatches.Patchify"/>); no gradient flows into it.</param>
        /// <param name="mask"><c>[B, L]</c>, 1 = masked (the only patches that count), 0 = visible.</param>
        /// <param name="normalizePixels">Standardise each target patch first (MAE's <c>norm_pix_loss</c>, its recommended setting).</param>
        /// <remarks>A mask without any masked patch gives 0/0 = NaN, as in MAE; <see cref="MaeMasking"/> never draws one.
        /// With <paramref name="normalizePixels"/> a patch needs P ≥ 2 values for its unbiased variance.</remarks>
        public static Tensor Compute(Tensor predicted, Tensor targetPatches, Tensor mask, bool normalizePixels = true)
        {
            ArgumentNullException.ThrowIfNull(predicted);
            ArgumentNullException.ThrowIfNull(targetPatches);
            ArgumentNullException.ThrowIfNull(mask);
            using AutocastScope float32Region = LossPrecision.Float32Region(predicted); // the loss computes in float32 (mixed precision)
            predicted = LossPrecision.AtLeastFloat32(predicted);
            targetPatches = LossPrecision.AtLeastFloat32(targetPatches);
            if (predicted.dim() != 3 || !predicted.shape.AsSpan().SequenceEqual(targetPatches.shape))
            {
                throw new ArgumentException(
                    $"MAE loss expects predicted and target patches of the same shape [B, L, P], got [{string.Join(", ", predicted.shape)}] and [{string.Join(", ", targetPatches.shape)}]",
                    nameof(targetPatches));
            }

            if (mask.dim() != 2 || mask.shape[0] != predicted.shape[0] || mask.shape[1] != predicted.shape[1])
            {
                throw new ArgumentException(
                    $"MAE loss expects a [{predicted.shape[0]}, {predicted.shape[1]}] mask, got [{string.Join(", ", mask.shape)}]",
                    nameof(mask));
            }

            if (normalizePixels && predicted.shape[2] < 2)
            {
                throw new ArgumentException("norm-pix targets need at least 2 values per patch (unbiased variance)", nameof(targetPatches));
            }

            using var scope = NewDisposeScope();
            Tensor target = targetPatches.detach().to_type(predicted.dtype);
            if (normalizePixels)
            {
                Tensor mean = target.mean(new long[] { -1 }, keepdim: true);
                Tensor std = target.var(-1, unbiased: true, keepdim: true).add_(VarianceEpsilon).sqrt_();
                target = target.sub(mean).div_(std);
            }

            Tensor perPatch = predicted.sub(target).square().mean(new long[] { -1 });
            Tensor weights = mask.to_type(predicted.dtype);
            return perPatch.mul_(weights).sum().div_(weights.sum()).MoveToOuterDisposeScope();
        }
    }
}
