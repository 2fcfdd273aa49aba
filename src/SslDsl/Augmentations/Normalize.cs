using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Standardises each channel: (x - mean[c]) / std[c], deterministic (torchvision's Normalize). One value applies to
    /// every channel. Draws no random numbers.
    /// </summary>
    public sealed class Normalize
    {
        private readonly double[] mean;
        private readonly double[] std;

        /// <param name="mean">Per-channel means (or one for all channels), finite.</param>
        /// <param name="std">Per-channel standard deviations (or one for all channels), each &gt; 0.</param>
        public Normalize(double[] mean, double[] std)
        {
            if (mean is null) throw new ArgumentNullException(nameof(mean));
            if (std is null) throw new ArgumentNullException(nameof(std));
            if (mean.Length == 0 || std.Length == 0)
            {
                throw new ArgumentException("mean and std must not be empty.", nameof(mean));
            }

            foreach (var m in mean) AugmentationSampling.CheckFinite(m, nameof(mean));
            foreach (var s in std)
            {
                if (!(s > 0.0) || double.IsInfinity(s))
                {
                    throw new ArgumentOutOfRangeException(nameof(std), s, $"every std must be finite and > 0 but one was {s}.");
                }
            }

            this.mean = mean.ToArray();
            this.std = std.ToArray();
        }

        public double[] Mean => mean.ToArray();
        public double[] Std => std.ToArray();

        /// <summary>Normalises a [B, C, H, W] batch; <paramref name="generator"/> is not used. The returned tensor is new.</summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            var channels = images.shape[1];
            using var scope = torch.NewDisposeScope();
            var m = PerChannel(mean, channels, nameof(mean), images);
            var s = PerChannel(std, channels, nameof(std), images);
            return (images - m).div_(s).MoveToOuterDisposeScope();
        }

        private static Tensor PerChannel(double[] values, long channels, string name, Tensor images)
        {
            if (values.Length != 1 && values.Length != channels)
            {
                throw new ArgumentException(
                    $"{name} has {values.Length} values but the images have {channels} channels.", nameof(images));
            }

            return torch.tensor(values, dtype: ScalarType.Float64).to(images.dtype, images.device).view(1, -1, 1, 1);
        }
    }
}
