using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Replaces the colours of each image, with probability <see cref="Probability"/> drawn per sample, by their
    /// ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B) repeated on the three channels (torchvision's RandomGrayscale,
    /// which keeps the channel count). A 1-channel batch is returned unchanged.
    /// </summary>
    public sealed class Grayscale
    {
        /// <param name="probability">Probability that a sample is converted, in [0, 1].</param>
        public Grayscale(double probability)
        {
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Probability = probability;
        }

        /// <summary>Probability that a sample is converted.</summary>
        public double Probability { get; }

        /// <summary>
        /// Converts the selected samples of a [B, C, H, W] batch (C = 1 or 3) to grayscale. Random numbers come from
        /// <paramref name="generator"/> on the images' device; the returned tensor is new (the caller owns it).
        /// </summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: true);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0 || images.shape[1] == 1) return images.alias().MoveToOuterDisposeScope();
            if (Probability == 1.0) return ImageAugmentationMath.Luma(images).repeat(1, 3, 1, 1).MoveToOuterDisposeScope();

            var convert = ImageAugmentationMath.SampleMask(images.shape[0], Probability, generator, images.device);
            return Apply(images, convert).MoveToOuterDisposeScope();
        }

        /// <summary>Converts exactly the samples where <paramref name="convert"/> ([B], bool) is true.</summary>
        internal static Tensor Apply(Tensor images, Tensor convert)
        {
            using var scope = torch.NewDisposeScope();
            if (images.shape[1] == 1) return images.alias().MoveToOuterDisposeScope();
            var luma = ImageAugmentationMath.Luma(images);
            var result = torch.where(ImageAugmentationMath.PerSample(convert), luma, images);
            return result.MoveToOuterDisposeScope();
        }
    }
}
