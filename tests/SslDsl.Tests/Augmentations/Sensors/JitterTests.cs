using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

public class JitterTests
{
    [Fact]
    public void StdZeroIsTheIdentity()
    {
        using var x = RandomSeries(4, 3, 50);
        using var generator = new torch.Generator(1);
        using var output = new Jitter(0.0, 1.0).Apply(x, generator);
        Assert.True(Identical(x, output));
    }

    [Fact]
    public void NoiseHasZeroMeanAndTheConfiguredStd()
    {
        const double sigma = 0.03;
        using var x = RandomSeries(16, 4, 512);
        using var generator = new torch.Generator(2);
        using var output = new Jitter(sigma, 1.0).Apply(x, generator);
        var d = ToDoubles(output).Zip(ToDoubles(x), (y, v) => y - v).ToArray();
        var n = d.Length;
        var mean = d.Average();
        var std = Math.Sqrt(d.Sum(v => v * v) / n);
        Assert.True(Math.Abs(mean) <= 4 * sigma / Math.Sqrt(n), $"mean {mean}");
        Assert.True(Math.Abs(std - sigma) <= 4 * sigma / Math.Sqrt(2 * n) + 1e-6, $"std {std} vs {sigma}");
    }

    [Fact]
    public void NoiseOfTwoSamplesIsUncorrelated()
    {
        using var zeros = torch.zeros(new long[] { 2, 2, 4096 });
        using var generator = new torch.Generator(3);
        using var output = new Jitter(1.0, 1.0).Apply(zeros, generator);
        var v = ToDoubles(output);
        var n = v.Length / 2;
        var correlation = Enumerable.Range(0, n).Sum(i => v[i] * v[n + i]) / Math.Sqrt(v.Take(n).Sum(a => a * a) * v.Skip(n).Sum(a => a * a));
        Assert.True(Math.Abs(correlation) <= 4 / Math.Sqrt(n), $"correlation {correlation}");
    }
}
