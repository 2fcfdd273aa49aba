using System;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// MAE's per-sample random masking (He et al. 2022, <c>models_mae.py</c> <c>random_masking</c>): draw uniform noise
    /// <c>[B, L]</c>, argsort it per sample (ascending: the K smallest are kept), keep the first
    /// <c>K = int(L · (1 − ratio))</c> of the shuffle; the mask is 1 on the other L − K patches. Everything stays on
    /// <c>device</c> with the generator's random numbers; no value is read back to the host.
    /// </summary>
    public static class MaeMasking
    {
        /// <summary>MAE's default mask ratio.</summary>
        public const double DefaultMaskRatio = 0.75;

        /// <summary>
        /// K as MAE computes it: <c>int(L * (1 - mask_ratio))</c>, a truncation in double precision (so L = 20,
        /// ratio 0.9 keeps 1 patch, not 2: 1 − 0.9 is 0.0999…98 in binary floating point).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">the ratio is not in (0, 1), or leaves no patch visible or none masked.</exception>
        public static int KeepCount(int patches, double maskRatio)
        {
            if (patches < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(patches), patches, "MAE masking needs at least one patch");
            }

            if (!(maskRatio > 0.0 && maskRatio < 1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(maskRatio), maskRatio, "the MAE mask ratio must be in (0, 1)");
            }

            int keep = (int)(patches * (1.0 - maskRatio));
            if (keep < 1 || keep >= patches)
            {
                throw new ArgumentOutOfRangeException(nameof(maskRatio), maskRatio,
                    $"mask ratio {maskRatio} on {patches} patches keeps {keep} (int(L·(1 − ratio))): at least one patch must stay visible and one be masked");
            }

            return keep;
        }

        /// <summary>Draws one independent masking per sample.</summary>
        /// <param name="batch">B, the number of samples.</param>
        /// <param name="patches">L, the number of patches per sample.</param>
        /// <param name="maskRatio">Fraction of patches to hide, in (0, 1); MAE uses 0.75.</param>
        /// <param name="generator">Source of the noise; it must live on <paramref name="device"/>.</param>
        /// <param name="device">Where the returned tensors live.</param>
        public static MaeMask Sample(int batch, int patches, double maskRatio, Generator generator, Device device)
        {
            if (batch < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(batch), batch, "MAE masking needs at least one sample");
            }

            ArgumentNullException.ThrowIfNull(generator);
            ArgumentNullException.ThrowIfNull(device);
            int keep = KeepCount(patches, maskRatio);

            using var scope = NewDisposeScope();
            Tensor noise = SampleDraws.Uniform(new long[] { batch, patches }, generator, device);
            Tensor shuffle = noise.argsort(1);
            // MAE takes argsort(ids_shuffle); the inverse of a permutation is the same thing as one scatter:
            // restore[b, shuffle[b, r]] = r.
            Tensor ranks = arange(patches, dtype: ScalarType.Int64, device: device).expand(batch, patches);
            Tensor restore = empty_like(shuffle).scatter_(1, shuffle, ranks);
            Tensor keepIndices = shuffle.narrow(1, 0, keep).contiguous();
            // MAE builds ones, zeroes the first K and gathers with ids_restore: patch j is masked iff its rank >= K.
            Tensor mask = restore.ge(keep).to_type(ScalarType.Float32);
            return new MaeMask(
                keepIndices.MoveToOuterDisposeScope(),
                mask.MoveToOuterDisposeScope(),
                restore.MoveToOuterDisposeScope());
        }

        /// <summary>
        /// The visible tokens: <c>tokens [B, L, D]</c> gathered at <c>keepIndices [B, K]</c> → <c>[B, K, D]</c>
        /// (MAE's <c>torch.gather(x, 1, ids_keep.unsqueeze(-1).repeat(1, 1, D))</c>).
        /// </summary>
        public static Tensor SelectVisible(Tensor tokens, Tensor keepIndices)
        {
            ArgumentNullException.ThrowIfNull(tokens);
            ArgumentNullException.ThrowIfNull(keepIndices);
            if (tokens.dim() != 3 || keepIndices.dim() != 2 || keepIndices.shape[0] != tokens.shape[0]
                || keepIndices.shape[1] > tokens.shape[1] || keepIndices.dtype != ScalarType.Int64)
            {
                throw new ArgumentException(
                    $"expected tokens [B, L, D] and int64 keep indices [B, K] with K <= L, got [{string.Join(", ", tokens.shape)}] and {keepIndices.dtype} [{string.Join(", ", keepIndices.shape)}]",
                    nameof(keepIndices));
            }

            using var scope = NewDisposeScope();
            Tensor index = keepIndices.unsqueeze(-1).expand(keepIndices.shape[0], keepIndices.shape[1], tokens.shape[2]);
            return tokens.gather(1, index).MoveToOuterDisposeScope();
        }
    }
}
