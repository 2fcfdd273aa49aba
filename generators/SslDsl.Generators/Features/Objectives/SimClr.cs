using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[SimClr]: NT-Xent between all views of a batch (Chen et al. 2020).</summary>
    internal sealed record SimClrSpec(double Temperature) : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: every anchor is compared with the whole batch.</summary>
        public override string RankReduction => "GatherEmbeddings";

        public static SimClrSpec Resolve(AttributeModel a) => new(a.Number("Temperature", SslDefaults.SimClrTemperature));
    }
}
