using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>
    /// One declared augmentation with defaults applied. <see cref="Probability"/> and <see cref="View"/> come from
    /// <c>ViewAugmentationAttribute</c>; each record's own defaults for them are those of its attribute.
    /// </summary>
    internal abstract record AugmentationSpec
    {
        public double Probability { get; init; } = 1.0;

        /// <summary>The view it applies to, or -1 for every view.</summary>
        public int View { get; init; } = -1;
    }

    /// <summary>An augmentation as declared: its spec and how the user wrote it (for the generated field's comment).</summary>
    internal sealed record DeclaredAugmentation(string Name, AugmentationSpec Spec, string AsWritten);

    internal static class AugmentationPlacement
    {
        /// <summary>The spec with the attribute's Probability and View (every attribute inherits them; the default probability is its own).</summary>
        public static T Placed<T>(this T spec, AttributeModel a, double defaultProbability = 1.0)
            where T : AugmentationSpec =>
            (T)((AugmentationSpec)spec with { Probability = a.Number("Probability", defaultProbability), View = a.Int("View", -1) });
    }
}
