using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Shared pieces of the per-sample intensity and filter augmentations: argument checks, per-sample uniform draws
    /// and the per-sample selection of the transformed images. Nothing reads a value back to the host.
    /// </summary>
    internal static class AugmentationSampling
    {
        internal static void CheckFinite(double value, string paramName)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be finite but was {value}.");
            }
        }

        internal static void CheckNonNegative(double value, string paramName)
        {
            if (!(value >= 0.0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be finite and >= 0 but was {value}.");
            }
        }

        internal static void CheckOrdered(double low, double high, string lowName, string highName)
        {
            if (!(low <= high))
            {
                throw new ArgumentOutOfRangeException(highName, high, $"{highName} ({high}) must be >= {lowName} ({low}).");
            }
        }

        /// <summary>Per-sample U[low, high], shape [B], in <paramref name="dtype"/>.</summary>
        internal static Tensor Uniform(long batch, double low, double high, torch.Generator generator, Device device, ScalarType dtype)
        {
            using var scope = torch.NewDisposeScope();
            var u = SampleDraws.Uniform(new long[] { batch }, generator, device, dtype);
            return u.mul_(high - low).add_(low).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Keeps <paramref name="transformed"/> for a Bernoulli(<paramref name="probability"/>) subset of the samples and
        /// <paramref name="images"/> for the rest (a 0/1 <c>lerp</c>, exact at both ends). Draws nothing when p = 1.
        /// </summary>
        internal static Tensor Select(Tensor images, Tensor transformed, double probability, torch.Generator generator)
        {
            using var scope = torch.NewDisposeScope();
            if (probability == 1.0) return transformed.alias().MoveToOuterDisposeScope();
            var mask = ImageAugmentationMath.SampleMask(images.shape[0], probability, generator, images.device);
            var weight = ImageAugmentationMath.PerSample(mask.to(images.dtype));
            return ImageAugmentationMath.Select(weight, transformed, images).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Correlates each sample with its own 1-D kernel along <paramref name="dim"/> (2 = height, 3 = width):
        /// <c>out[b, .., i] = Σ_j w[b, j] x[b, .., i + j - r]</c>, reflect-padded (replicate when the side is not larger
        /// than the radius). Written as a weighted sum of shifted views, not a convolution, so the per-sample kernels need
        /// no grouped convolution (see docs/known-issues.md on small-channel convolutions).
        /// </summary>
        internal static Tensor Correlate1d(Tensor images, Tensor weights, int dim)
        {
            using var scope = torch.NewDisposeScope();
            var size = weights.shape[1];
            var radius = size / 2;
            if (radius == 0) return (images * weights.view(-1, 1, 1, 1)).MoveToOuterDisposeScope();
            var side = images.shape[dim];
            var pad = dim == 3 ? new long[] { radius, radius, 0, 0 } : new long[] { 0, 0, radius, radius };
            var mode = radius < side ? PaddingModes.Reflect : PaddingModes.Replicate;
            var padded = torch.nn.functional.pad(images, pad, mode);
            var sum = padded.narrow(dim, 0, side) * weights.narrow(1, 0, 1).view(-1, 1, 1, 1);
            for (long j = 1; j < size; j++)
            {
                sum.addcmul_(padded.narrow(dim, j, side), weights.narrow(1, j, 1).view(-1, 1, 1, 1), 1.0);
            }

            return sum.MoveToOuterDisposeScope();
        }
    }
}
