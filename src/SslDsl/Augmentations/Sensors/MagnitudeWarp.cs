using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Magnitude warping: multiplies each channel of a selected sample by its own smooth random curve, a cubic spline
    /// (scipy's not-a-knot <c>CubicSpline</c>) through <see cref="Knots"/> + 2 values ~ N(1, <see cref="Std"/>²) at
    /// evenly spaced times 0..T-1 (Um et al. 2017; σ = 0.2, 4 knots as in Iwana &amp; Uchida 2021's
    /// <c>magnitude_warp</c>). Input [B, C, T], floating point.
    /// </summary>
    public sealed class MagnitudeWarp
    {
        private readonly CubicSplineCurves curves;

        /// <param name="std">Standard deviation of the knot values around 1, ≥ 0 (0 is the identity).</param>
        /// <param name="knots">Interior knots ≥ 0 (the curve has knots + 2 values, the two ends included).</param>
        /// <param name="probability">Probability that a sample is warped, in [0, 1].</param>
        public MagnitudeWarp(double std, int knots, double probability)
        {
            AugmentationSampling.CheckNonNegative(std, nameof(std));
            SequenceAugmentationMath.CheckKnots(knots, nameof(knots));
            ImageAugmentationMath.CheckProbability(probability, nameof(probability));
            Std = std;
            Knots = knots;
            Probability = probability;
            curves = new CubicSplineCurves(knots + 2);
        }

        public double Std { get; }
        public int Knots { get; }
        public double Probability { get; }

        /// <summary>Warps the magnitude of the selected samples of a [B, C, T] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckSeries(x, generator);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0 || Std == 0.0) return x.alias().MoveToOuterDisposeScope();
            var knots = SampleDraws.Normal(new[] { x.shape[0], x.shape[1], Knots + 2L }, generator, x.device, x.dtype)
                .mul_(Std).add_(1.0);
            var warped = x * curves.Evaluate(knots, x.shape[2]);
            return SequenceAugmentationMath.Select(x, warped, Probability, generator).MoveToOuterDisposeScope();
        }
    }
}
