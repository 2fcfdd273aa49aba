using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[MaskedAutoencoder]: a ViT encodes the visible patches, a small decoder reconstructs the hidden ones.</summary>
    internal sealed record MaskedAutoencoderSpec(double MaskRatio, bool NormalizePixels, int DecoderDim, int DecoderDepth, int DecoderHeads) : SingleViewObjectiveSpec
    {
        public static MaskedAutoencoderSpec Resolve(AttributeModel a) => new(
            a.Number("MaskRatio", SslDefaults.MaeMaskRatio), a.Bool("NormalizePixels", true), a.Int("DecoderDim", SslDefaults.MaeDecoderDim),
            a.Int("DecoderDepth", SslDefaults.MaeDecoderDepth), a.Int("DecoderHeads", SslDefaults.MaeDecoderHeads));
    }
}
