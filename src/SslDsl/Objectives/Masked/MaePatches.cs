using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// MAE's <c>patchify</c> / <c>unpatchify</c>: images <c>[B, C, H, W]</c> ↔ patches <c>[B, L, p·p·C]</c> with
    /// L = (H/p)·(W/p) in row-major patch order (the order of a stride-p convolutional patch embedding) and each
    /// patch flattened as (row, column, channel), exactly MAE's <c>einsum('nchpwq->nhwpqc')</c>. These are the
    /// reconstruction targets of <see cref="MaeLoss"/>.
    /// </summary>
    public static class MaePatches
    {
        /// <summary><c>[B, C, H, W]</c> → <c>[B, (H/p)(W/p), p·p·C]</c>; H and W must be multiples of p.</summary>
        public static Tensor Patchify(Tensor images, int patchSize)
        {
            ArgumentNullException.ThrowIfNull(images);
            if (patchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(patchSize), patchSize, "the patch size must be >= 1");
            }

            if (images.dim() != 4 || images.shape[2] % patchSize != 0 || images.shape[3] % patchSize != 0)
            {
                throw new ArgumentException(
                    $"patchify expects [B, C, H, W] images with H and W multiples of the patch size {patchSize}, got [{string.Join(", ", images.shape)}]",
                    nameof(images));
            }

            long b = images.shape[0], c = images.shape[1], h = images.shape[2] / patchSize, w = images.shape[3] / patchSize;
            using var scope = NewDisposeScope();
            return images.reshape(b, c, h, patchSize, w, patchSize)
                .permute(0, 2, 4, 3, 5, 1)
                .reshape(b, h * w, (long)patchSize * patchSize * c)
                .MoveToOuterDisposeScope();
        }

        /// <summary>The inverse of <see cref="Patchify"/>: <c>[B, L, p·p·C]</c> → <c>[B, C, H, W]</c>.</summary>
        public static Tensor Unpatchify(Tensor patches, int patchSize, int channels, int height, int width)
        {
            ArgumentNullException.ThrowIfNull(patches);
            if (patchSize < 1 || channels < 1 || height < 1 || width < 1 || height % patchSize != 0 || width % patchSize != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(patchSize),
                    $"unpatchify needs positive sizes with height and width multiples of the patch size (patch {patchSize}, channels {channels}, {height}x{width})");
            }

            long h = height / patchSize, w = width / patchSize;
            if (patches.dim() != 3 || patches.shape[1] != h * w || patches.shape[2] != (long)patchSize * patchSize * channels)
            {
                throw new ArgumentException(
                    $"unpatchify expects [B, {h * w}, {(long)patchSize * patchSize * channels}] patches, got [{string.Join(", ", patches.shape)}]",
                    nameof(patches));
            }

            long b = patches.shape[0];
            using var scope = NewDisposeScope();
            return patches.reshape(b, h, w, patchSize, patchSize, channels)
                .permute(0, 5, 1, 3, 2, 4)
                .reshape(b, channels, height, width)
                .MoveToOuterDisposeScope();
        }
    }
}
