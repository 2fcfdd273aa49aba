using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

public class TimeMaskTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)] // 0.02 × 32 < 1: the longest span is 0 steps
    public void NoMaskableStepIsTheIdentity(double maxFraction)
    {
        using var x = RandomSeries(4, 3, 32);
        using var generator = new torch.Generator(1);
        using var output = new TimeMask(maxFraction, 1.0).Apply(x, generator);
        Assert.True(Identical(x, output));
    }

    [Fact]
    public void MaxSpanIsTheFloorOfTheFractionOfTheLength()
    {
        Assert.Equal(6, new TimeMask(0.2, 1.0).MaxSpan(32));
        Assert.Equal(29, new TimeMask(0.29, 1.0).MaxSpan(100)); // 0.29 × 100 = 28.999999999999996 in doubles
        Assert.Equal(32, new TimeMask(1.0, 1.0).MaxSpan(32));
        Assert.Equal(0, new TimeMask(0.03, 1.0).MaxSpan(32));
    }

    [Fact]
    public void EachSampleLosesOneSpanWhoseLengthCoversOneToTheMaximumUniformly()
    {
        const int batch = 5000, channels = 2, length = 20, maxSpan = 5;
        using var x = torch.ones(new long[] { batch, channels, length });
        using var generator = new torch.Generator(2);
        using var output = new TimeMask(0.25, 1.0).Apply(x, generator);
        var ys = ToDoubles(output);
        var spans = new int[maxSpan + 1];
        var starts = new Dictionary<int, HashSet<int>>();
        for (var b = 0; b < batch; b++)
        {
            var zeros = Enumerable.Range(0, length).Where(t => ys[(b * channels) * length + t] == 0.0).ToArray();
            Assert.NotEmpty(zeros);
            Assert.InRange(zeros.Length, 1, maxSpan);
            Assert.Equal(zeros.Length - 1, zeros[^1] - zeros[0]); // contiguous
            for (var t = 0; t < length; t++)
            {
                Assert.Equal(ys[(b * channels) * length + t], ys[(b * channels + 1) * length + t]); // every channel
            }

            spans[zeros.Length]++;
            if (!starts.TryGetValue(zeros.Length, out var set)) starts[zeros.Length] = set = new HashSet<int>();
            set.Add(zeros[0]);
        }

        for (var span = 1; span <= maxSpan; span++)
        {
            AssertBinomial(spans[span], batch, 1.0 / maxSpan, $"spans of {span} steps");
            Assert.Equal(Enumerable.Range(0, length - span + 1), starts[span].OrderBy(s => s)); // every start where it fits
        }
    }
}
