using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Byol]: prediction of an EMA target network's projection, momentum on a cosine schedule.</summary>
    internal sealed record ByolSpec(double MomentumStart, double MomentumEnd) : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: a mean of per-pair terms; the EMA target follows identical online weights.</summary>
        public override string RankReduction => "AverageGradients";

        public override bool NeedsPredictor => true;

        public static ByolSpec Resolve(AttributeModel a) =>
            new(a.Number("MomentumStart", SslDefaults.ByolMomentumStart), a.Number("MomentumEnd", SslDefaults.ByolMomentumEnd));
    }
}
