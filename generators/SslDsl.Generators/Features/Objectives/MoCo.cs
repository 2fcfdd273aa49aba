using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[MoCo]: v2 contrasts with a queue of momentum-encoded keys; v3 in-batch, with a predictor.</summary>
    internal sealed record MoCoSpec(int Version, int QueueSize, double Momentum, double Temperature) : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: v2: negatives from the queue of keys; v3: in-batch negatives.</summary>
        public override string RankReduction => Version == 2 ? "GlobalQueue" : "GatherKeys";

        public bool UsesQueue => Version == 2;

        public override bool NeedsPredictor => Version == 3;

        public static MoCoSpec Resolve(AttributeModel a) => new(
            a.Int("Version", SslDefaults.MoCoVersion), a.Int("QueueSize", SslDefaults.MoCoQueueSize),
            a.Number("Momentum", SslDefaults.MoCoMomentum), a.Number("Temperature", SslDefaults.MoCoTemperature));
    }
}
