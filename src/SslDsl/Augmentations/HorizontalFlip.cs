using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Mirrors each image left-right with probability <see cref="Probability"/>, drawn per sample
    /// (torchvision's RandomHorizontalFlip, which draws one coin per image).
    /// </summary>
    public sealed class HorizontalFlip
    {
        /// <param name="probability">Probability that a sample is flipped, in [0, 1].</param>
        public HorizontalFlip(double probability)
        {
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Probability = probability;
        }

        /// <summary>Probability that a sample is flipped.</summary>
        public double Probability { get; }

        /// <summary>
        /// Flips the selected samples of a [B, C, H, W] batch along the width. Random numbers come from
        /// <paramref name="generator"/> on the images' device; the returned tensor is new (the caller owns it).
        /// </summary>
        public Tensor Apply(Tensor images, torch.Generator generator)
        {
            ImageAugmentationMath.CheckImages(images, generator, colour: false);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0) return images.alias().MoveToOuterDisposeScope();
            if (Probability == 1.0) return images.flip(3).MoveToOuterDisposeScope();

            var flip = ImageAugmentationMath.SampleMask(images.shape[0], Probability, generator, images.device);
            return Apply(images, flip).MoveToOuterDisposeScope();
        }

        /// <summary>Flips exactly the samples where <paramref name="flip"/> ([B], bool) is true.</summary>
        internal static Tensor Apply(Tensor images, Tensor flip)
        {
            using var scope = torch.NewDisposeScope();
            var result = torch.where(ImageAugmentationMath.PerSample(flip), images.flip(3), images);
            return result.MoveToOuterDisposeScope();
        }
    }
}
