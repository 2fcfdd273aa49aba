using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Swav]: swapped prediction of Sinkhorn codes over prototypes (Caron et al. 2020).</summary>
    internal sealed record SwavSpec(int Prototypes, int Hidden, int Output, double Temperature, double Epsilon, int SinkhornIterations, int FreezePrototypesSteps)
        : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: the Sinkhorn marginals are sums over every rank's rows.</summary>
        public override string RankReduction => "GlobalStatistics";

        public static SwavSpec Resolve(AttributeModel a) => new(
            a.Int("Prototypes", SslDefaults.SwavPrototypes), a.Int("Hidden", SslDefaults.SwavHidden), a.Int("Output", SslDefaults.SwavOutput),
            a.Number("Temperature", SslDefaults.SwavTemperature), a.Number("Epsilon", SslDefaults.SwavEpsilon),
            a.Int("SinkhornIterations", SslDefaults.SwavSinkhornIterations), a.Int("FreezePrototypesSteps", SslDefaults.SwavFreezePrototypesSteps));
    }
}
