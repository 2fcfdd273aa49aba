using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[BarlowTwins]: cross-correlation of two views towards the identity.</summary>
    internal sealed record BarlowTwinsSpec(double Lambda) : JointEmbeddingObjectiveSpec
    {
        public static BarlowTwinsSpec Resolve(AttributeModel a) => new(a.Number("Lambda", SslDefaults.BarlowTwinsLambda));
    }
}
