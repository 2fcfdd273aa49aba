using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Shared kernels of the per-sample image augmentations: argument checks, per-sample Bernoulli masks, luma,
    /// blends and a batched RGB/HSV conversion. Everything stays on the images' device and never reads a value
    /// back to the host.
    /// </summary>
    internal static class ImageAugmentationMath
    {
        /// <summary>ITU-R BT.601 luma weights (PIL's convert("L"); torchvision's tensor path uses 0.2989 for red).</summary>
        internal const double LumaRed = 0.299;
        internal const double LumaGreen = 0.587;
        internal const double LumaBlue = 0.114;

        internal static void CheckProbability(double probability, string paramName)
        {
            if (!(probability >= 0.0 && probability <= 1.0))
            {
                throw new ArgumentOutOfRangeException(paramName, probability,
                    $"{paramName} must be in [0, 1] but was {probability}.");
            }
        }

        /// <summary>Checks a [B, C, H, W] floating-point batch and its generator; returns nothing, reads only metadata.</summary>
        internal static void CheckImages(Tensor images, torch.Generator generator, bool colour)
        {
            if (images is null) throw new ArgumentNullException(nameof(images));
            if (generator is null) throw new ArgumentNullException(nameof(generator));
            if (images.dim() != 4)
            {
                throw new ArgumentException(
                    $"images must be a [B, C, H, W] batch but has {images.dim()} dimensions.", nameof(images));
            }

            if (!torch.is_floating_point(images))
            {
                throw new ArgumentException($"images must be floating point in [0, 1] but is {images.dtype}.", nameof(images));
            }

            if (colour && images.shape[1] != 1 && images.shape[1] != 3)
            {
                throw new ArgumentException(
                    $"images must have 1 (grayscale) or 3 (RGB) channels but have {images.shape[1]}.", nameof(images));
            }
        }

        /// <summary>Per-sample Bernoulli(<paramref name="probability"/>) draw, shape [B] (bool). U[0,1) &lt; p.</summary>
        internal static Tensor SampleMask(long batch, double probability, torch.Generator generator, Device device)
        {
            using var u = SampleDraws.Uniform(new long[] { batch }, generator, device);
            return u.lt(probability);
        }

        /// <summary>[B] to [B, 1, 1, 1] so it broadcasts over an image batch.</summary>
        internal static Tensor PerSample(Tensor values) => values.view(values.shape[0], 1, 1, 1);

        /// <summary>ITU-R 601 luma of a [B, 3, H, W] batch as [B, 1, H, W]; a 1-channel batch is its own luma.</summary>
        internal static Tensor Luma(Tensor images)
        {
            if (images.shape[1] == 1) return images.alias();
            using var scope = torch.NewDisposeScope();
            var luma = (images.narrow(1, 0, 1) * LumaRed)
                .add_(images.narrow(1, 1, 1), alpha: LumaGreen)
                .add_(images.narrow(1, 2, 1), alpha: LumaBlue);
            return luma.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// torchvision's <c>_blend</c>: <c>(ratio * img1 + (1 - ratio) * img2).clamp(0, 1)</c>, with a per-sample
        /// ratio of shape [B, 1, 1, 1], as one <c>lerp(img2, img1, ratio)</c> (exactly img1 where the ratio is 1).
        /// </summary>
        internal static Tensor Blend(Tensor img1, Tensor img2, Tensor ratio)
        {
            using var scope = torch.NewDisposeScope();
            var blended = torch.lerp(img2, img1, ratio).clamp_(0.0, 1.0);
            return blended.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Per-sample selection <c>where(select, chosen, images)</c> with a 0/1 float weight [B, 1, 1, 1]:
        /// <c>lerp</c> returns its ends exactly at weights 0 and 1 and is several times faster than <c>where</c> on CPU.
        /// </summary>
        internal static Tensor Select(Tensor weight, Tensor chosen, Tensor images) => torch.lerp(images, chosen, weight);

        /// <summary>
        /// Rotates the hue of a [B, 3, H, W] RGB batch by <paramref name="shift"/> turns (per sample, [B, 1, 1, 1]), as
        /// torchvision's <c>adjust_hue</c>: RGB to HSV (<c>_rgb2hsv</c>), H = (H + shift) mod 1, HSV to RGB
        /// (<c>_hsv2rgb</c>). Hue rotation keeps V = max and S V = max - min, so only H is converted explicitly.
        /// </summary>
        internal static Tensor ShiftHue(Tensor images, Tensor shift)
        {
            using var scope = torch.NewDisposeScope();
            var r = images.narrow(1, 0, 1);
            var g = images.narrow(1, 1, 1);
            var b = images.narrow(1, 2, 1);
            var maxc = images.amax(new long[] { 1 }, keepdim: true);
            var minc = images.amin(new long[] { 1 }, keepdim: true);
            var chroma = maxc - minc;

            // torchvision _rgb2hsv: 6 H = (G - B) / chroma when R is the max, 2 + (B - R) / chroma when G is (and R is
            // not), 4 + (R - G) / chroma otherwise (bc - gc, 2 + rc - bc, 4 + gc - rc written out). On gray pixels
            // (chroma 0) the numerators are 0 too and H does not matter: the result below is max - 0 * weight.
            var divisor = chroma.clamp_min(images.dtype == ScalarType.Float16 ? 1e-7 : 1e-12);
            var h6 = torch.where(maxc.eq(r), (g - b) / divisor,
                torch.where(maxc.eq(g), (b - r) / divisor + 2.0, (r - g) / divisor + 4.0));

            // adjust_hue: H = (H + shift) mod 1, kept in sixths; the mod is taken per channel below.
            h6.add_(shift, alpha: 6.0);

            // _hsv2rgb in closed form: channel n in (R, G, B) = (5, 3, 1) is V - S V clamp(min(k, 4 - k), 0, 1) with
            // k = (n + 6 H) mod 6 (the same piecewise-linear function as torchvision's six sectors, fewer kernels),
            // with min(k, 4 - k) = 2 - |k - 2|, and S V = chroma; all in place in one [B, 3, H, W] buffer.
            var offsets = torch.arange(5, 0, -2, dtype: images.dtype, device: images.device).view(1, 3, 1, 1);
            var k = h6 + offsets;
            var rgb = k.sub_((k / 6.0).floor_().mul_(6.0)) // k mod 6, as k - 6 floor(k / 6) (remainder is slower on CPU)
                .sub_(2.0).abs_().neg_().add_(2.0).clamp_(0.0, 1.0)
                .mul_(chroma).neg_().add_(maxc)
                .clamp_(0.0, 1.0);
            return rgb.MoveToOuterDisposeScope();
        }
    }
}
