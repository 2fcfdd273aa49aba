using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

public class TimeWarpTests
{
    [Fact]
    public void StdZeroIsTheIdentity()
    {
        using var x = RandomSeries(4, 3, 50);
        using var generator = new torch.Generator(1);
        using var output = new TimeWarp(0.0, 4, 1.0).Apply(x, generator);
        Assert.True(Identical(x, output));
    }

    [Fact]
    public void WarpedTimesMatchAFloat64Reference()
    {
        const int length = 21, k = 6;
        double[][] speeds =
        {
            new[] { 1.0, 1.2, 0.8, 1.1, 0.9, 1.0 },
            new[] { 0.7, 1.5, 1.3, 0.6, 1.0, 1.4 },
            new[] { 1.0, -0.5, 1.0, 1.0, 2.0, 1.0 }, // a negative speed: the spline is floored at MinSpeed
        };
        using var knots = torch.tensor(speeds.SelectMany(s => s).ToArray(), new long[] { 3, k }, dtype: ScalarType.Float64);
        var warp = new TimeWarp(0.2, k - 2, 1.0);
        using var tau = warp.WarpedTimes(knots, length);
        var actual = ToDoubles(tau);
        var xs = KnotTimes(k, length);
        for (var b = 0; b < 3; b++)
        {
            var v = Enumerable.Range(0, length).Select(t => Math.Max(NotAKnotSpline(xs, speeds[b], t), TimeWarp.MinSpeed)).ToArray();
            var elapsed = new double[length];
            for (var t = 1; t < length; t++) elapsed[t] = elapsed[t - 1] + (v[t - 1] + v[t]) / 2;
            for (var t = 0; t < length; t++)
            {
                var expected = elapsed[t] / elapsed[length - 1] * (length - 1);
                Assert.True(Math.Abs(actual[b * length + t] - expected) < 1e-9, $"sample {b} step {t}: {actual[b * length + t]} vs {expected}");
            }
        }
    }

    [Fact]
    public void OutputReadsEveryChannelLinearlyAtOneMonotoneWarpedTimePerSample()
    {
        const int batch = 8, length = 25;
        // Channels 0 and 2 are the ramp 0..T-1, so they return the warped times τ; channel 1 is random data.
        using var ramp = torch.arange(length, dtype: ScalarType.Float64).view(1, 1, length).expand(batch, 1, length);
        using var data = RandomSeries(batch, 1, length, dtype: ScalarType.Float64);
        using var x = torch.cat(new[] { ramp, data, ramp }, 1);
        using var generator = new torch.Generator(5);
        using var output = new TimeWarp(0.3, 4, 1.0).Apply(x, generator);
        var xs = ToDoubles(x);
        var ys = ToDoubles(output);
        var firstSteps = new double[batch];
        for (var b = 0; b < batch; b++)
        {
            var tau = ys.Skip(b * 3 * length).Take(length).ToArray();
            Assert.True(Math.Abs(tau[0]) < 1e-12 && Math.Abs(tau[length - 1] - (length - 1)) < 1e-9, $"sample {b} ends {tau[0]}, {tau[length - 1]}");
            for (var t = 1; t < length; t++) Assert.True(tau[t] > tau[t - 1], $"sample {b}: τ not increasing at {t}");

            var series = xs.Skip(b * 3 * length + length).Take(length).ToArray();
            for (var t = 0; t < length; t++)
            {
                Assert.True(Math.Abs(ys[b * 3 * length + length + t] - Interpolate(series, tau[t])) < 1e-9, $"sample {b} step {t}");
                Assert.Equal(tau[t], ys[b * 3 * length + 2 * length + t]);
            }

            firstSteps[b] = tau[1];
        }

        Assert.Equal(batch, firstSteps.Select(v => Math.Round(v, 9)).Distinct().Count());
    }

    [Fact]
    public void SmallStdGivesASmallDistortion()
    {
        const int length = 100;
        using var ramp = torch.arange(length, dtype: ScalarType.Float32).view(1, 1, length).expand(16, 1, length).contiguous();
        using var generator = new torch.Generator(6);
        using var output = new TimeWarp(0.01, 4, 1.0).Apply(ramp, generator);
        // Speeds within ±5σ of 1 move no step by more than ~5 % of its time.
        Assert.True(MaxAbsDiff(output, ramp) < 0.05 * length);
        Assert.False(Identical(output, ramp));
    }
}
