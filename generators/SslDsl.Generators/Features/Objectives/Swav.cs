using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Swav]: swapped prediction of Sinkhorn codes over prototypes (Caron et al. 2020).</summary>
    internal sealed record SwavSpec(int Prototypes, int Hidden, int Output, double Temperature, double Epsilon, int SinkhornIterations, int FreezePrototypesSteps,
        int QueueLength, int QueueStartEpoch)
        : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: the Sinkhorn marginals are sums over every rank's rows (and the queue holds every rank's projections).</summary>
        public override string RankReduction => "GlobalStatistics";

        /// <summary>The official --queue_length: past projections join Sinkhorn–Knopp for small batches (0 = none).</summary>
        public bool UsesQueue => QueueLength > 0;

        public static SwavSpec Resolve(AttributeModel a) => new(
            a.Int("Prototypes", SslDefaults.SwavPrototypes), a.Int("Hidden", SslDefaults.SwavHidden), a.Int("Output", SslDefaults.SwavOutput),
            a.Number("Temperature", SslDefaults.SwavTemperature), a.Number("Epsilon", SslDefaults.SwavEpsilon),
            a.Int("SinkhornIterations", SslDefaults.SwavSinkhornIterations), a.Int("FreezePrototypesSteps", SslDefaults.SwavFreezePrototypesSteps),
            a.Int("QueueLength", SslDefaults.SwavQueueLength), a.Int("QueueStartEpoch", SslDefaults.SwavQueueStartEpoch));
    }
}
