using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// How a linear probe chose its L2 penalty: every value of <paramref name="WeightDecays"/> was fitted on
    /// <paramref name="FitSamples"/> training samples and scored on the <paramref name="ValidationSamples"/> held out
    /// (stratified, seeded) from the same training labels; <paramref name="Chosen"/> has the best validation top-1
    /// (ties: the lower validation cross-entropy) and was refitted on all the training labels.
    /// </summary>
    /// <param name="WeightDecays">The grid, ascending.</param>
    /// <param name="ValidationTop1">Validation top-1 per grid value.</param>
    /// <param name="ValidationLoss">Validation cross-entropy per grid value.</param>
    /// <param name="Chosen">The grid value refitted on all training labels.</param>
    /// <param name="FitSamples">Training samples each grid value was fitted on.</param>
    /// <param name="ValidationSamples">Held-out samples each grid value was scored on.</param>
    public sealed record WeightDecaySweep(
        IReadOnlyList<double> WeightDecays,
        IReadOnlyList<double> ValidationTop1,
        IReadOnlyList<double> ValidationLoss,
        double Chosen,
        int FitSamples,
        int ValidationSamples)
    {
        /// <summary>Position of <see cref="Chosen"/> in <see cref="WeightDecays"/>.</summary>
        public int ChosenIndex => WeightDecays.ToList().IndexOf(Chosen);

        /// <inheritdoc />
        public bool Equals(WeightDecaySweep? other) =>
            other is not null
            && WeightDecays.SequenceEqual(other.WeightDecays)
            && ValidationTop1.SequenceEqual(other.ValidationTop1)
            && ValidationLoss.SequenceEqual(other.ValidationLoss)
            && Chosen.Equals(other.Chosen)
            && FitSamples == other.FitSamples
            && ValidationSamples == other.ValidationSamples;

        /// <inheritdoc />
        public override int GetHashCode() => System.HashCode.Combine(Chosen, FitSamples, ValidationSamples, WeightDecays.Count);
    }
}
