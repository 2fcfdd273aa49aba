using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

public class ScalingTests
{
    [Fact]
    public void StdZeroIsTheIdentity()
    {
        using var x = RandomSeries(4, 3, 50);
        using var generator = new torch.Generator(1);
        using var output = new Scaling(0.0, 1.0).Apply(x, generator);
        Assert.True(Identical(x, output));
    }

    [Fact]
    public void EachSampleAndChannelGetsOneFactorWithTheConfiguredSpread()
    {
        const double sigma = 0.1;
        const int batch = 500, channels = 4, length = 16;
        using var x = RandomSeries(batch, channels, length, dtype: TorchSharp.torch.ScalarType.Float64).add_(5.0);
        using var generator = new torch.Generator(2);
        using var output = new Scaling(sigma, 1.0).Apply(x, generator);
        var xs = ToDoubles(x);
        var ys = ToDoubles(output);
        var factors = new double[batch * channels];
        for (var s = 0; s < batch * channels; s++)
        {
            factors[s] = ys[s * length] / xs[s * length];
            for (var t = 0; t < length; t++)
            {
                Assert.True(Math.Abs(ys[s * length + t] - factors[s] * xs[s * length + t]) < 1e-9, $"series {s} step {t}");
            }
        }

        var n = factors.Length;
        var mean = factors.Average();
        var std = Math.Sqrt(factors.Sum(f => (f - mean) * (f - mean)) / (n - 1));
        Assert.True(Math.Abs(mean - 1) <= 4 * sigma / Math.Sqrt(n), $"mean factor {mean}");
        Assert.True(Math.Abs(std - sigma) <= 4 * sigma / Math.Sqrt(2.0 * (n - 1)), $"factor std {std} vs {sigma}");
        Assert.Equal(n, factors.Select(f => Math.Round(f, 12)).Distinct().Count());
    }
}
