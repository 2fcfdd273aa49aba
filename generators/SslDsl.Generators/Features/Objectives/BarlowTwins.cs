using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[BarlowTwins]: cross-correlation of two views towards the identity.</summary>
    internal sealed record BarlowTwinsSpec(double Lambda) : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: the cross-correlation of the global batch.</summary>
        public override string RankReduction => "GlobalStatistics";

        public static BarlowTwinsSpec Resolve(AttributeModel a) => new(a.Number("Lambda", SslDefaults.BarlowTwinsLambda));
    }
}
