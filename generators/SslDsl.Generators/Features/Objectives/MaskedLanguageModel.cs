using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[MaskedLanguageModel]: BERT's 80/10/10 corruption of selected tokens, cross-entropy on them.</summary>
    internal sealed record MaskedLanguageModelSpec(double MaskProbability, int MaskTokenId, EquatableArray<int> SpecialTokenIds) : SingleViewObjectiveSpec
    {
        /// <summary>Data parallel: a mean over the masked tokens, whose count varies per batch.</summary>
        public override string RankReduction => "MaskedElementMean";

        public static MaskedLanguageModelSpec Resolve(AttributeModel a) => new(
            a.Number("MaskProbability", SslDefaults.MlmMaskProbability), a.Int("MaskTokenId", SslDefaults.MlmMaskTokenId),
            new EquatableArray<int>(a.Ints("SpecialTokenIds", SslDefaults.SpecialTokenIds)));
    }
}
