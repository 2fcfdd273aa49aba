using System;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// Rotation prediction (RotNet, Gidaris et al. 2018): every image is shown at 0°, 90°, 180° and 270° and the
    /// network classifies which rotation it sees (4-way cross-entropy). Rotations are counter-clockwise, as
    /// <c>np.rot90</c> / <c>torch.rot90(x, k, dims = (H, W))</c> and the authors' <c>rotate_img</c>
    /// (<c>flipud(transpose(img))</c> for 90°).
    /// </summary>
    public static class RotationPrediction
    {
        /// <summary>Number of rotation classes.</summary>
        public const int Classes = 4;

        /// <summary>
        /// The batch four times, rotation-major: rows <c>[r·B, (r+1)·B)</c> hold the batch rotated by r·90°, and their label is r.
        /// </summary>
        /// <param name="images"><c>[B, C, H, W]</c> with H = W (a 90° rotation of a non-square image changes its shape).</param>
        /// <returns>The rotated images <c>[4B, C, H, W]</c> and int64 labels <c>[4B]</c> on the images' device.</returns>
        public static (Tensor Rotated, Tensor Labels) Rotate(Tensor images)
        {
            ArgumentNullException.ThrowIfNull(images);
            if (images.dim() != 4)
            {
                throw new ArgumentException($"rotation prediction expects [B, C, H, W] images, got [{string.Join(", ", images.shape)}]", nameof(images));
            }

            if (images.shape[2] != images.shape[3])
            {
                throw new ArgumentException(
                    $"rotation prediction needs square images (a 90° rotation of {images.shape[2]}x{images.shape[3]} is {images.shape[3]}x{images.shape[2]}); crop or resize them to H = W first",
                    nameof(images));
            }

            using var scope = NewDisposeScope();
            long batch = images.shape[0];
            Tensor rotated = cat(new[]
            {
                images,
                images.rot90(1, (2, 3)),
                images.rot90(2, (2, 3)),
                images.rot90(3, (2, 3)),
            }, 0);
            Tensor labels = arange(Classes, dtype: ScalarType.Int64, device: images.device).unsqueeze(1).expand(Classes, batch).reshape(Classes * batch);
            return (rotated.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
        }

        /// <summary>Mean cross-entropy of <c>[N, 4]</c> rotation logits against int64 labels <c>[N]</c>.</summary>
        public static Tensor Loss(Tensor logits, Tensor labels)
        {
            ArgumentNullException.ThrowIfNull(logits);
            ArgumentNullException.ThrowIfNull(labels);
            using AutocastScope float32Region = LossPrecision.Float32Region(logits); // the loss computes in float32 (mixed precision)
            logits = LossPrecision.AtLeastFloat32(logits);
            if (logits.dim() != 2 || logits.shape[1] != Classes || labels.dim() != 1 || labels.shape[0] != logits.shape[0] || logits.shape[0] == 0)
            {
                throw new ArgumentException(
                    $"rotation loss expects [N, {Classes}] logits and [N] labels (N > 0), got [{string.Join(", ", logits.shape)}] and [{string.Join(", ", labels.shape)}]",
                    nameof(logits));
            }

            return nn.functional.cross_entropy(logits, labels);
        }
    }
}
