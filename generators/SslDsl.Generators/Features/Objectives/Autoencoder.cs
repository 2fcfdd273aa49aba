using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Autoencoder]: reconstruct the input before augmentation (a denoising autoencoder with noise augmentations).</summary>
    internal sealed record AutoencoderSpec : SingleViewObjectiveSpec
    {
        /// <summary>Data parallel: a mean of per-sample reconstruction errors.</summary>
        public override string RankReduction => "AverageGradients";

        public static AutoencoderSpec Resolve(AttributeModel a) => new();
    }
}
