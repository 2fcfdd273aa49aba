using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[SimSiam]: negative cosine between prediction and stop-gradient projection; no arguments.</summary>
    internal sealed record SimSiamSpec : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: a mean of per-pair terms.</summary>
        public override string RankReduction => "AverageGradients";

        public override bool NeedsPredictor => true;

        public static SimSiamSpec Resolve(AttributeModel a) => new();
    }
}
