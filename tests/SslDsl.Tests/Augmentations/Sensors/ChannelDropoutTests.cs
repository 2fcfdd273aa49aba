using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

public class ChannelDropoutTests
{
    [Fact]
    public void RateZeroIsTheIdentity()
    {
        using var x = RandomSeries(4, 3, 50);
        using var generator = new torch.Generator(1);
        using var output = new ChannelDropout(0.0, 1.0).Apply(x, generator);
        Assert.True(Identical(x, output));
    }

    [Fact]
    public void RateOneZeroesEveryChannel()
    {
        using var x = RandomSeries(4, 3, 50);
        using var generator = new torch.Generator(2);
        using var output = new ChannelDropout(1.0, 1.0).Apply(x, generator);
        Assert.All(ToDoubles(output), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void DropsWholeChannelsAtTheConfiguredRateAndLeavesTheOthersExact()
    {
        const double rate = 0.2;
        const int batch = 500, channels = 8, length = 16;
        using var x = RandomSeries(batch, channels, length).add_(5.0);
        using var generator = new torch.Generator(3);
        using var output = new ChannelDropout(rate, 1.0).Apply(x, generator);
        var xs = ToDoubles(x);
        var ys = ToDoubles(output);
        var dropped = 0;
        var patterns = new string[batch];
        for (var s = 0; s < batch * channels; s++)
        {
            var zero = ys[s * length] == 0.0;
            for (var t = 0; t < length; t++)
            {
                Assert.Equal(zero ? 0.0 : xs[s * length + t], ys[s * length + t]);
            }

            dropped += zero ? 1 : 0;
            patterns[s / channels] += zero ? "0" : "1";
        }

        AssertBinomial(dropped, batch * channels, rate, "dropped channels");
        Assert.True(patterns.Distinct().Count() > 20, "samples draw their channels independently");
    }

    [Fact]
    public void ProbabilityDecidesWhichSamplesMayLoseChannels()
    {
        const double rate = 0.5, p = 0.4;
        const int batch = 3000, channels = 3;
        using var x = RandomSeries(batch, channels, 8).add_(5.0);
        using var generator = new torch.Generator(4);
        using var output = new ChannelDropout(rate, p).Apply(x, generator);
        var changed = ChangedSamples(x, output).Count(c => c);
        AssertBinomial(changed, batch, p * (1 - Math.Pow(1 - rate, channels)), "samples with a dropped channel");
    }
}
