using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[RotationPrediction]: classify which of four rotations an image shows (Gidaris et al. 2018).</summary>
    internal sealed record RotationPredictionSpec : SingleViewObjectiveSpec
    {
        /// <summary>Data parallel: a mean of per-image cross-entropies.</summary>
        public override string RankReduction => "AverageGradients";

        public static RotationPredictionSpec Resolve(AttributeModel a) => new();
    }
}
