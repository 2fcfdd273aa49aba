using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Autoencoder]: reconstruct the input before augmentation (a denoising autoencoder with noise augmentations).</summary>
    internal sealed record AutoencoderSpec : SingleViewObjectiveSpec
    {
        public static AutoencoderSpec Resolve(AttributeModel a) => new();
    }
}
