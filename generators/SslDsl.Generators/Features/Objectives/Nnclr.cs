using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Nnclr]: nearest neighbours from a support set as positives (Dwibedi et al. 2021), with a predictor.</summary>
    internal sealed record NnclrSpec(int SupportSize, double Temperature) : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: each neighbour picks out its sample among the global batch's predictions.</summary>
        public override string RankReduction => "GatherEmbeddings";

        public override bool NeedsPredictor => true;

        public static NnclrSpec Resolve(AttributeModel a) => new(a.Int("SupportSize", SslDefaults.NnclrSupportSize), a.Number("Temperature", SslDefaults.NnclrTemperature));
    }
}
