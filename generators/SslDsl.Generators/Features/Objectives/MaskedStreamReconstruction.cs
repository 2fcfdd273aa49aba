using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[MaskedStreamReconstruction]: hide entries (spans, or whole channels) of a sensor window and reconstruct them.</summary>
    internal sealed record MaskedStreamReconstructionSpec(double MaskRatio, bool MaskChannels, int SpanLength) : SingleViewObjectiveSpec
    {
        /// <summary>Data parallel: a mean over the masked readings, whose count varies per batch.</summary>
        public override string RankReduction => "MaskedElementMean";

        public static MaskedStreamReconstructionSpec Resolve(AttributeModel a) =>
            new(a.Number("MaskRatio", SslDefaults.StreamMaskRatio), a.Bool("MaskChannels", false), a.Int("SpanLength", SslDefaults.StreamSpanLength));
    }
}
