using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// Time warping (Um et al. 2017): a smooth, monotone distortion of time per selected sample, shared by its
    /// channels. Speeds at <see cref="Knots"/> + 2 evenly spaced times are drawn ~ N(1, <see cref="Std"/>²), joined by
    /// a not-a-knot cubic spline and floored at <see cref="MinSpeed"/> (so time never stops or runs backwards); their
    /// running integral (trapezoid rule), rescaled to run from 0 to T - 1, gives the warped time τ(t) of each output
    /// step, and the output is x linearly interpolated at τ(t) (as <c>grid_sample</c> with <c>align_corners = true</c>).
    /// Um et al. and Iwana &amp; Uchida 2021 place the samples at the warped times and interpolate back to the grid
    /// (<c>np.interp(t, τ, x)</c>), the inverse map; sampling at τ is the same kind of warp and needs no sorted search.
    /// Input [B, C, T], floating point; std 0 is the identity.
    /// </summary>
    public sealed class TimeWarp
    {
        /// <summary>Lowest speed after the spline (in units of the mean speed 1).</summary>
        public const double MinSpeed = 0.01;

        private readonly CubicSplineCurves curves;

        /// <param name="std">Standard deviation of the knot speeds around 1, ≥ 0 (0 is the identity).</param>
        /// <param name="knots">Interior knots ≥ 0 (knots + 2 speeds, the two ends included).</param>
        /// <param name="probability">Probability that a sample is warped, in [0, 1].</param>
        public TimeWarp(double std, int knots, double probability)
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

        /// <summary>Warps time in the selected samples of a [B, C, T] batch; the returned tensor is new.</summary>
        public Tensor Apply(Tensor x, torch.Generator generator)
        {
            SequenceAugmentationMath.CheckSeries(x, generator);
            using var scope = torch.NewDisposeScope();
            if (Probability == 0.0 || Std == 0.0 || x.shape[2] < 2) return x.alias().MoveToOuterDisposeScope();
            var speeds = SampleDraws.Normal(new[] { x.shape[0], Knots + 2L }, generator, x.device, SequenceAugmentationMath.PositionType(x))
                .mul_(Std).add_(1.0);
            var warped = SequenceAugmentationMath.Resample(x, WarpedTimes(speeds, x.shape[2]));
            return SequenceAugmentationMath.Select(x, warped, Probability, generator).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// τ [B, T] from knot speeds [B, K]: τ_0 = 0, τ_t ∝ Σ_{s=1..t} (v_{s-1} + v_s) / 2 with v the spline floored at
        /// <see cref="MinSpeed"/>, scaled so that τ_{T-1} = T - 1. T ≥ 2.
        /// </summary>
        internal Tensor WarpedTimes(Tensor speeds, long length)
        {
            using var scope = torch.NewDisposeScope();
            var v = curves.Evaluate(speeds, length).clamp_min_(MinSpeed);
            var steps = (v.narrow(1, 0, length - 1) + v.narrow(1, 1, length - 1)).mul_(0.5);
            var elapsed = steps.cumsum(1);
            var total = elapsed.narrow(1, length - 2, 1);
            var tau = (elapsed / total).mul_(length - 1.0).clamp_(0.0, length - 1.0);
            var start = torch.zeros(new[] { speeds.shape[0], 1L }, dtype: tau.dtype, device: tau.device);
            return torch.cat(new[] { start, tau }, 1).MoveToOuterDisposeScope();
        }
    }
}
