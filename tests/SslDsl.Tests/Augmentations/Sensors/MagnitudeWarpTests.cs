using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

public class MagnitudeWarpTests
{
    [Fact]
    public void StdZeroIsTheIdentity()
    {
        using var x = RandomSeries(4, 3, 50);
        using var generator = new torch.Generator(1);
        using var output = new MagnitudeWarp(0.0, 4, 1.0).Apply(x, generator);
        Assert.True(Identical(x, output));
    }

    [Theory]
    [InlineData(4, 26)] // 6 knots, every 5 steps
    [InlineData(2, 31)] // 4 knots, every 10 steps: one cubic
    public void CurveOnOnesIsTheNotAKnotSplineThroughItsKnots(int knots, int length)
    {
        const double sigma = 0.2;
        const int batch = 64, channels = 3;
        var k = knots + 2;
        var spacing = (length - 1) / (k - 1);
        using var ones = torch.ones(new long[] { batch, channels, length }, dtype: ScalarType.Float64);
        using var generator = new torch.Generator(2);
        using var output = new MagnitudeWarp(sigma, knots, 1.0).Apply(ones, generator);
        var curves = ToDoubles(output);
        var xs = KnotTimes(k, length);
        var knotValues = new double[batch * channels * k];
        for (var s = 0; s < batch * channels; s++)
        {
            // The knots sit on whole steps, so the curve there is the drawn value; the reference joins them.
            var ys = Enumerable.Range(0, k).Select(i => curves[s * length + i * spacing]).ToArray();
            Array.Copy(ys, 0, knotValues, s * k, k);
            for (var t = 0; t < length; t++)
            {
                var expected = NotAKnotSpline(xs, ys, t);
                Assert.True(Math.Abs(curves[s * length + t] - expected) < 1e-9, $"series {s} step {t}: {curves[s * length + t]} vs {expected}");
            }
        }

        var n = knotValues.Length;
        var mean = knotValues.Average();
        var std = Math.Sqrt(knotValues.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        Assert.True(Math.Abs(mean - 1) <= 4 * sigma / Math.Sqrt(n), $"mean knot {mean}");
        Assert.True(Math.Abs(std - sigma) <= 4 * sigma / Math.Sqrt(2.0 * (n - 1)), $"knot std {std}");
    }

    [Fact]
    public void MultipliesTheInputByTheCurve()
    {
        using var x = RandomSeries(8, 3, 40);
        using var ones = torch.ones_like(x);
        var warp = new MagnitudeWarp(0.2, 4, 1.0);
        using var g1 = new torch.Generator(3);
        using var g2 = new torch.Generator(3);
        using var warped = warp.Apply(x, g1);
        using var curve = warp.Apply(ones, g2);
        using var expected = x * curve;
        Assert.True(MaxAbsDiff(warped, expected) < 1e-6);
    }

    [Fact]
    public void EverySampleAndChannelHasItsOwnCurve()
    {
        using var ones = torch.ones(new long[] { 6, 4, 30 });
        using var generator = new torch.Generator(4);
        using var output = new MagnitudeWarp(0.2, 4, 1.0).Apply(ones, generator);
        var curves = ToDoubles(output);
        Assert.Equal(24, Enumerable.Range(0, 24).Select(s => Math.Round(curves[s * 30 + 7], 6)).Distinct().Count());
    }

    [Fact]
    public void SplineWeightsReproduceACubicExactly()
    {
        // Not-a-knot splines reproduce every cubic polynomial: weights applied to its knot values give it back.
        static double Cubic(double t) => 0.5 - 0.3 * t + 0.02 * t * t - 0.0004 * t * t * t;
        foreach (var (k, length) in new[] { (6, 40L), (4, 13L), (9, 100L) })
        {
            var weights = CubicSplineCurves.ComputeWeights(k, length);
            var ys = KnotTimes(k, length).Select(Cubic).ToArray();
            for (var t = 0; t < length; t++)
            {
                var value = Enumerable.Range(0, k).Sum(i => ys[i] * weights[i * length + t]);
                Assert.True(Math.Abs(value - Cubic(t)) < 1e-9, $"K = {k}, t = {t}: {value} vs {Cubic(t)}");
            }
        }
    }

    [Fact]
    public void TwoKnotsGiveALineAndThreeAParabola()
    {
        var line = CubicSplineCurves.ComputeWeights(2, 11);
        var parabola = CubicSplineCurves.ComputeWeights(3, 11);
        double[] y2 = { 0.8, 1.3 }, y3 = { 0.9, 1.4, 0.7 };
        for (var t = 0; t < 11; t++)
        {
            var expectedLine = y2[0] + (y2[1] - y2[0]) * t / 10.0;
            Assert.True(Math.Abs(y2[0] * line[t] + y2[1] * line[11 + t] - expectedLine) < 1e-12);

            // Lagrange form of the parabola through (0, y0), (5, y1), (10, y2).
            var expectedParabola = y3[0] * (t - 5) * (t - 10) / 50.0 - y3[1] * t * (t - 10) / 25.0 + y3[2] * t * (t - 5) / 50.0;
            var value = y3[0] * parabola[t] + y3[1] * parabola[11 + t] + y3[2] * parabola[22 + t];
            Assert.True(Math.Abs(value - expectedParabola) < 1e-12, $"t = {t}: {value} vs {expectedParabola}");
        }
    }
}
