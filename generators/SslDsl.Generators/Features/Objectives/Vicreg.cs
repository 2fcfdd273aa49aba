using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Vicreg]: invariance, variance and covariance terms between two views.</summary>
    internal sealed record VicregSpec(double Invariance, double Variance, double Covariance) : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: variance and covariance of the global batch.</summary>
        public override string RankReduction => "GlobalStatistics";

        public static VicregSpec Resolve(AttributeModel a) => new(
            a.Number("Invariance", SslDefaults.VicregInvariance), a.Number("Variance", SslDefaults.VicregVariance), a.Number("Covariance", SslDefaults.VicregCovariance));
    }
}
