using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[SimClr]: NT-Xent between all views of a batch (Chen et al. 2020).</summary>
    internal sealed record SimClrSpec(double Temperature) : JointEmbeddingObjectiveSpec
    {
        public static SimClrSpec Resolve(AttributeModel a) => new(a.Number("Temperature", SslDefaults.SimClrTemperature));
    }
}
