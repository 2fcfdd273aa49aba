using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Blurs each image along a line through the kernel centre at an angle drawn per sample from U[0, π), with
    /// probability <see cref="Probability"/> (albumentations' MotionBlur, which draws a random line in a k x k kernel).
    /// </summary>
    /// <remarks>
    /// The line is anti-aliased: pixel (dx, dy) of the k x k kernel (offsets -r..r) weighs max(0, 1 - d) where d is its
    /// distance to the line, for |projection on the line| ≤ r / max(|cos θ|, |sin θ|) (the line reaches the kernel
    /// border, as albumentations' line between two border pixels); the kernel is normalised. Reflect padding.
    /// </remarks>
    public sealed class MotionBlur
    {
        /// <param name="kernelSize">Odd kernel size ≥ 3 (the line length in pixels).</param>
        /// <param name="probability">Probability that a sample is blurred, in [0, 1].</param>
        public MotionBlur(int kernelSize, double probability)
        {
            if (kernelSize < 3 || kernelSize % 2 == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, $"kernelSize must be odd and >= 3 but was {kernelSize}.");
            }

            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            KernelSize = kernelSize;
            Probability = probability;
        }

        public int KernelSize { get; }
        public double Probability { get; }

        /// <summary>Blurs the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var angle = AugmentationSampling.Uniform(images.shape[0], 0.0, Math.PI, generator, images.device, ScalarType.Float64);
            var kernels = Kernels(angle, KernelSize).to(images.dtype);
            var blurred = Correlate2d(images, kernels);
            return AugmentationSampling.Select(images, blurred, Probability, generator).MoveToOuterDisposeScope();
        }

        /// <summary>Normalised line kernels [B, k, k] (row = dy, column = dx) for per-sample angles [B], in float64.</summary>
        internal static Tensor Kernels(Tensor angle, long size)
        {
            using var scope = torch.NewDisposeScope();
            var radius = size / 2;
            var offsets = torch.arange(-radius, radius + 1, dtype: ScalarType.Float64, device: angle.device);
            var dy = offsets.view(1, -1, 1);
            var dx = offsets.view(1, 1, -1);
            var a = angle.to(ScalarType.Float64).view(-1, 1, 1);
            var cos = a.cos();
            var sin = a.sin();
            var distance = (dy * cos - dx * sin).abs_();
            var along = (dx * cos + dy * sin).abs_();
            // The line runs to the kernel border in every direction (as a line drawn between two border pixels).
            var limit = torch.maximum(cos.abs(), sin.abs()).reciprocal_().mul_(radius).add_(1e-9);
            var k = distance.neg_().add_(1.0).clamp_min_(0.0).mul_(along.le(limit).to(ScalarType.Float64));
            k.div_(k.sum(new long[] { 1, 2 }, keepdim: true));
            return k.MoveToOuterDisposeScope();
        }

        /// <summary>Per-sample 2-D correlation with kernels [B, k, k] as a weighted sum of shifted views (no convolution).</summary>
        internal static Tensor Correlate2d(Tensor images, Tensor kernels)
        {
            using var scope = torch.NewDisposeScope();
            var size = kernels.shape[1];
            var radius = size / 2;
            var height = images.shape[2];
            var width = images.shape[3];
            var mode = radius < height && radius < width ? PaddingModes.Reflect : PaddingModes.Replicate;
            var padded = torch.nn.functional.pad(images, new long[] { radius, radius, radius, radius }, mode);
            var weights = kernels.view(-1, size * size);
            var sum = torch.zeros_like(images);
            for (long i = 0; i < size; i++)
            {
                var rows = padded.narrow(2, i, height);
                for (long j = 0; j < size; j++)
                {
                    sum.addcmul_(rows.narrow(3, j, width), weights.narrow(1, i * size + j, 1).view(-1, 1, 1, 1), 1.0);
                }
            }

            return sum.MoveToOuterDisposeScope();
        }
    }
}
