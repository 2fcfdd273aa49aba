using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Blurs each image, with probability <see cref="Probability"/> drawn per sample, with a Gaussian kernel whose
    /// standard deviation is drawn per sample from U[<see cref="MinSigma"/>, <see cref="MaxSigma"/>] (SimCLR, Chen et al.
    /// 2020, appendix A: σ ∈ [0.1, 2.0], kernel 10% of the image side; torchvision's GaussianBlur).
    /// </summary>
    /// <remarks>
    /// Separable: a normalised 1-D kernel exp(-x² / 2σ²), x = -r..r, along the width and then the height, reflect-padded
    /// as torchvision's <c>gaussian_blur</c>. Kernel size 0 picks SimCLR's size from the batch: 2 ⌊⌊0.1 min(H, W)⌋ / 2⌋ + 1.
    /// </remarks>
    public sealed class GaussianBlur
    {
        /// <param name="kernelSize">Odd kernel size ≥ 1, or 0 for about 10% of the shorter side (made odd).</param>
        /// <param name="minSigma">Smallest standard deviation in pixels, &gt; 0.</param>
        /// <param name="maxSigma">Largest standard deviation in pixels, ≥ minSigma.</param>
        /// <param name="probability">Probability that a sample is blurred, in [0, 1].</param>
        public GaussianBlur(int kernelSize, double minSigma, double maxSigma, double probability)
        {
            if (kernelSize < 0 || (kernelSize > 0 && kernelSize % 2 == 0))
            {
                throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, $"kernelSize must be 0 or odd and positive but was {kernelSize}.");
            }

            if (!(minSigma > 0.0) || double.IsInfinity(maxSigma))
            {
                throw new ArgumentOutOfRangeException(nameof(minSigma), minSigma, $"minSigma must be > 0 but was {minSigma}.");
            }

            AugmentationSampling.CheckOrdered(minSigma, maxSigma, nameof(minSigma), nameof(maxSigma));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            KernelSize = kernelSize;
            MinSigma = minSigma;
            MaxSigma = maxSigma;
            Probability = probability;
        }

        public int KernelSize { get; }
        public double MinSigma { get; }
        public double MaxSigma { get; }
        public double Probability { get; }

        /// <summary>The kernel size used on images of the given size.</summary>
        public long KernelSizeFor(long height, long width)
        {
            if (KernelSize > 0) return KernelSize;
            var tenth = (long)Math.Floor(0.1 * Math.Min(height, width));
            return 2 * (tenth / 2) + 1;
        }

        /// <summary>Blurs the selected samples of a [B, C, H, W] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            var sigma = AugmentationSampling.Uniform(images.shape[0], MinSigma, MaxSigma, generator, images.device, ScalarType.Float64);
            var blurred = Blur(images, sigma, KernelSizeFor(images.shape[2], images.shape[3]));
            return AugmentationSampling.Select(images, blurred, Probability, generator).MoveToOuterDisposeScope();
        }

        /// <summary>Normalised 1-D Gaussian kernels [B, size] for per-sample σ [B], computed in float64.</summary>
        internal static Tensor Kernels(Tensor sigma, long size)
        {
            using var scope = torch.NewDisposeScope();
            var radius = size / 2;
            var x = torch.arange(-radius, radius + 1, dtype: ScalarType.Float64, device: sigma.device).view(1, -1);
            var s = sigma.to(ScalarType.Float64).view(-1, 1);
            var k = ((x * x) / (s * s * -2.0)).exp_();
            k.div_(k.sum(new long[] { 1 }, keepdim: true));
            return k.MoveToOuterDisposeScope();
        }

        /// <summary>Blurs every sample with its own σ.</summary>
        internal static Tensor Blur(Tensor images, Tensor sigma, long size)
        {
            using var scope = torch.NewDisposeScope();
            var k = Kernels(sigma, size).to(images.dtype);
            var horizontal = AugmentationSampling.Correlate1d(images, k, 3);
            return AugmentationSampling.Correlate1d(horizontal, k, 2).MoveToOuterDisposeScope();
        }
    }
}
