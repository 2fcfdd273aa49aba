using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[MaskedAutoencoder]: a ViT encodes the visible patches, a small decoder reconstructs the hidden ones.</summary>
    internal sealed record MaskedAutoencoderSpec(double MaskRatio, bool NormalizePixels, int DecoderDim, int DecoderDepth, int DecoderHeads) : SingleViewObjectiveSpec
    {
        /// <summary>Data parallel: the masking ratio fixes the masked patches per image, so the mean is per image.</summary>
        public override string RankReduction => "AverageGradients";

        public static MaskedAutoencoderSpec Resolve(AttributeModel a) => new(
            a.Number("MaskRatio", SslDefaults.MaeMaskRatio), a.Bool("NormalizePixels", true), a.Int("DecoderDim", SslDefaults.MaeDecoderDim),
            a.Int("DecoderDepth", SslDefaults.MaeDecoderDepth), a.Int("DecoderHeads", SslDefaults.MaeDecoderHeads));
    }
}
