using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

public class WindowCropTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FullLengthWindowIsTheIdentity(bool resizeBack)
    {
        using var x = RandomSeries(4, 3, 20);
        using var generator = new torch.Generator(1);
        using var output = new WindowCrop(20, 20, resizeBack, 1.0).Apply(x, generator);
        Assert.True(Identical(x, output));
    }

    /// <summary>x[b, c, t] = 10000 b + 100 c + t: every value says where it came from.</summary>
    private static Tensor Indexed(int batch, int channels, int length)
    {
        var values = new double[batch * channels * length];
        for (var b = 0; b < batch; b++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var t = 0; t < length; t++) values[(b * channels + c) * length + t] = 10000 * b + 100 * c + t;
            }
        }

        return torch.tensor(values, new long[] { batch, channels, length }, dtype: ScalarType.Float64);
    }

    [Fact]
    public void WithoutResizingEachSampleIsItsWindowWithAUniformStart()
    {
        const int batch = 1400, channels = 2, length = 20, window = 7, starts = length - window + 1;
        using var x = Indexed(batch, channels, length);
        using var generator = new torch.Generator(2);
        using var output = new WindowCrop(length, window, false, 1.0).Apply(x, generator);
        Assert.Equal(new long[] { batch, channels, window }, output.shape);
        var ys = ToDoubles(output);
        var counts = new int[starts];
        for (var b = 0; b < batch; b++)
        {
            var start = (int)(ys[b * channels * window] - 10000 * b);
            Assert.InRange(start, 0, length - window);
            for (var c = 0; c < channels; c++)
            {
                for (var k = 0; k < window; k++) Assert.Equal(10000 * b + 100 * c + start + k, ys[(b * channels + c) * window + k]);
            }

            counts[start]++;
        }

        for (var s = 0; s < starts; s++) AssertBinomial(counts[s], batch, 1.0 / starts, $"windows starting at {s}");
    }

    [Fact]
    public void WithoutResizingAnUnselectedSampleGetsTheCentredWindow()
    {
        const int batch = 2000, length = 20, window = 7;
        const double p = 0.5;
        using var x = Indexed(batch, 1, length);
        using var generator = new torch.Generator(3);
        var crop = new WindowCrop(length, window, false, p);
        using var output = crop.Apply(x, generator);
        var ys = ToDoubles(output);
        var centred = Enumerable.Range(0, batch).Count(b => ys[b * window] - 10000 * b == crop.CentreStart);
        Assert.Equal(6, crop.CentreStart);
        AssertBinomial(centred, batch, (1 - p) + p / (length - window + 1), "centred windows");
    }

    [Fact]
    public void ResizingBackInterpolatesTheWindowLinearlyToTheInputLength()
    {
        const int batch = 200, channels = 2, length = 20, window = 7;
        using var x = RandomSeries(batch, channels, length, dtype: ScalarType.Float64);
        using var generator = new torch.Generator(4);
        using var output = new WindowCrop(length, window, true, 1.0).Apply(x, generator);
        Assert.Equal(x.shape, output.shape);
        var xs = ToDoubles(x);
        var ys = ToDoubles(output);
        var seen = new bool[length - window + 1];
        for (var b = 0; b < batch; b++)
        {
            // Output step 0 reads the window's first step exactly: find it in x to recover the start.
            var row = xs.Skip(b * channels * length).Take(length).ToArray();
            var start = Array.IndexOf(row, ys[b * channels * length]);
            Assert.InRange(start, 0, length - window);
            seen[start] = true;
            for (var c = 0; c < channels; c++)
            {
                var windowValues = xs.Skip((b * channels + c) * length + start).Take(window).ToArray();
                for (var k = 0; k < length; k++)
                {
                    var expected = Interpolate(windowValues, k * (window - 1.0) / (length - 1.0));
                    Assert.True(Math.Abs(ys[(b * channels + c) * length + k] - expected) < 1e-12, $"sample {b} channel {c} step {k}");
                }
            }
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void RejectsAnInputOfAnotherLength()
    {
        using var x = RandomSeries(2, 1, 19);
        using var generator = new torch.Generator(5);
        var e = Assert.Throws<ArgumentException>(() => new WindowCrop(20, 10, true, 1.0).Apply(x, generator));
        Assert.Contains("InputLength = 20", e.Message);
        Assert.Contains("has 19", e.Message);
    }
}
