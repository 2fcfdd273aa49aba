using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

public sealed class StreamMaskingTests
{
    private static Tensor Windows(long batch, long channels, long length, ulong seed = 77)
    {
        using var generator = new Generator(seed);
        return rand(new[] { batch, channels, length }, generator: generator).add_(0.5);
    }

    /// <summary>Lengths of the runs of hidden steps in one row.</summary>
    private static List<int> Runs(double[] row)
    {
        var runs = new List<int>();
        int current = 0;
        foreach (double v in row)
        {
            if (v == 1.0)
            {
                current++;
            }
            else if (current > 0)
            {
                runs.Add(current);
                current = 0;
            }
        }

        if (current > 0)
        {
            runs.Add(current);
        }

        return runs;
    }

    [Theory]
    [InlineData(100, 5, 0.15, 3)]  // 0.15·100/5 = 3 spans: exactly 15% hidden
    [InlineData(50, 4, 0.3, 4)]    // 3.75 → 4 spans: 16 of 50 steps
    [InlineData(20, 1, 0.5, 10)]
    [InlineData(12, 5, 0.9, 2)]    // 2.16 → 2, and at most (12 − 1) / 5 = 2 so one step stays visible
    [InlineData(30, 8, 0.05, 1)]   // 0.19 → at least one span
    public void SpanModeHidesSpanCountSpansOfTheConfiguredLengthOnEveryChannel(int length, int span, double ratio, int spans)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var masking = new StreamMasking(ratio, maskChannels: false, spanLength: span);
        const int B = 300, C = 3;

        Tensor mask = masking.Sample(Windows(B, C, length), generator);

        Assert.Equal(spans, masking.SpanCount(length));
        Assert.Equal(new long[] { B, C, length }, mask.shape);
        Assert.Equal(ScalarType.Float32, mask.dtype);
        double[] m = ToDoubles(mask);
        var coveredSteps = new HashSet<int>();
        for (int b = 0; b < B; b++)
        {
            double[] first = Row(m, b * C, length);
            for (int c = 1; c < C; c++)
            {
                Assert.Equal(first, Row(m, (b * C) + c, length));
            }

            Assert.Equal(spans * span, first.Sum());
            // spans do not overlap but may touch: every run is a whole number of spans
            Assert.All(Runs(first), run => Assert.Equal(0, run % span));
            for (int t = 0; t < length; t++)
            {
                if (first[t] == 1.0)
                {
                    coveredSteps.Add(t);
                }
            }
        }

        // placement is random: over many samples every step (first and last included) is hidden sometimes
        Assert.Equal(length, coveredSteps.Count);
    }

    [Fact]
    public void SpanModeHiddenFractionIsTheRatio()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        var masking = new StreamMasking(0.25, maskChannels: false, spanLength: 4);

        Tensor mask = masking.Sample(Windows(64, 6, 128), generator);

        Assert.Equal(0.25, mask.mean().item<float>(), 6);
        Assert.Equal(8, masking.SpanCount(128));
    }

    [Fact]
    public void ChannelModeHidesWholeChannelsWithProbabilityRatio()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        const int B = 2000, C = 8, T = 16;
        const double ratio = 0.5;
        var masking = new StreamMasking(ratio, maskChannels: true, spanLength: 0);

        Tensor mask = masking.Sample(Windows(B, C, T), generator);

        // whole channels: constant along time
        Assert.True(Identical(mask, mask.narrow(2, 0, 1).expand(B, C, T)));
        long hiddenChannels = (long)mask.narrow(2, 0, 1).sum().item<float>();
        // a sample whose C draws were all hidden (probability ratio^C) keeps one: E[hidden] = C·r − r^C per sample
        double p = ratio - (Math.Pow(ratio, C) / C);
        AssertBinomial(hiddenChannels, (long)B * C, p, "hidden channels");
    }

    [Fact]
    public void ChannelModeKeepsAtLeastOneChannelPerSample()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        const int B = 2000, C = 3, T = 5;
        var masking = new StreamMasking(0.95, maskChannels: true, spanLength: 0);

        Tensor mask = masking.Sample(Windows(B, C, T), generator);

        double[] hiddenPerSample = ToDoubles(mask.narrow(2, 0, 1).sum(new long[] { 1, 2 }));
        Assert.All(hiddenPerSample, h => Assert.True(h <= C - 1));
        // with ratio 0.95 almost every sample needs the rescue (0.95³ ≈ 0.86), and the kept channel is random
        Assert.True(hiddenPerSample.Count(h => h == C - 1) > B * 0.8);
        double[] visiblePerChannel = ToDoubles(mask.narrow(2, 0, 1).squeeze(2).logical_not().sum(new long[] { 0 }));
        // channel c is visible when its own draw is (1 − r), or when all were hidden and it had the largest draw (r^C / C)
        double p = (1 - 0.95) + (Math.Pow(0.95, C) / C);
        Assert.All(visiblePerChannel, v => AssertBinomial((long)v, B, p, "visible channel"));
    }

    [Fact]
    public void BothModesHideTheUnionOfChannelsAndSpans()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        const int B = 50, C = 4, T = 30;
        var masking = new StreamMasking(0.3, maskChannels: true, spanLength: 3);

        Tensor mask = masking.Sample(Windows(B, C, T), generator);

        Tensor hidden = mask.gt(0);
        Tensor channelRows = hidden.all(2, keepdim: true);   // [B, C, 1]
        Tensor timeColumns = hidden.all(1, keepdim: true);   // [B, 1, T]
        Assert.True(Identical(hidden, channelRows.logical_or(timeColumns)));
        // one channel is always visible, so a fully hidden time column is exactly a span step: 3 spans of 3
        Assert.All(ToDoubles(timeColumns.sum(new long[] { 1, 2 })), n => Assert.Equal(9.0, n));
        Assert.True(channelRows.any().item<bool>());
    }

    [Fact]
    public void SameSeedGivesTheSameMask()
    {
        using var scope = NewDisposeScope();
        var masking = new StreamMasking(0.4, maskChannels: true, spanLength: 2);
        Tensor windows = Windows(6, 4, 20);
        using var g1 = new Generator(8);
        using var g2 = new Generator(8);
        using var g3 = new Generator(9);

        Assert.True(Identical(masking.Sample(windows, g1), masking.Sample(windows, g2)));
        Assert.False(Identical(masking.Sample(windows, g1), masking.Sample(windows, g3)));
    }

    [Fact]
    public void MaskFollowsTheWindowsFloatingDtype()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(6);
        var masking = new StreamMasking(0.5, maskChannels: false, spanLength: 2);
        Assert.Equal(ScalarType.Float64, masking.Sample(Windows(2, 2, 8).to_type(ScalarType.Float64), generator).dtype);
        Assert.Equal(ScalarType.Float32, masking.Sample(zeros(new long[] { 2, 2, 8 }, dtype: ScalarType.Int64), generator).dtype);
    }

    [Fact]
    public void ApplyZeroesExactlyTheHiddenEntries()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var masking = new StreamMasking(0.3, maskChannels: true, spanLength: 2);
        Tensor windows = Windows(5, 3, 12);   // values in [0.5, 1.5): never 0 before masking
        Tensor mask = masking.Sample(windows, generator);

        Tensor masked = StreamMasking.Apply(windows, mask);

        Assert.True(Identical(masked.eq(0), mask.gt(0)));
        Assert.True(Identical(masked.masked_select(mask.eq(0)), windows.masked_select(mask.eq(0))));
        Assert.Throws<ArgumentException>(() => StreamMasking.Apply(windows, mask.narrow(2, 0, 6)));
    }

    [Fact]
    public void InvalidConfigurationsAndWindowsAreRejected()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        Assert.Equal("maskRatio", Assert.Throws<ArgumentOutOfRangeException>(() => new StreamMasking(0.0, true, 0)).ParamName);
        Assert.Equal("maskRatio", Assert.Throws<ArgumentOutOfRangeException>(() => new StreamMasking(1.0, true, 0)).ParamName);
        Assert.Equal("spanLength", Assert.Throws<ArgumentOutOfRangeException>(() => new StreamMasking(0.5, true, -1)).ParamName);
        Assert.Equal("spanLength", Assert.Throws<ArgumentException>(() => new StreamMasking(0.5, false, 0)).ParamName);

        Assert.Throws<ArgumentException>(() => new StreamMasking(0.5, true, 0).Sample(zeros(4, 1, 10), generator));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamMasking(0.5, false, 10).Sample(zeros(4, 2, 10), generator));
        Assert.Throws<ArgumentException>(() => new StreamMasking(0.5, false, 2).Sample(zeros(4, 10), generator));
    }

    // ---- masked reconstruction loss ----

    [Fact]
    public void LossAveragesTheSquaredErrorOverHiddenEntriesOnly()
    {
        // predicted 1 2 3 / 4 5 6 against 0, hidden (1, 0, 1 / 0, 0, 1): (1 + 9 + 36) / 3 = 46 / 3;
        // gradient 2 (p − t) / 3 on hidden entries, 0 elsewhere
        using var scope = NewDisposeScope();
        Tensor predicted = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 1, 2, 3 }, requires_grad: true);
        Tensor target = zeros(1, 2, 3, dtype: ScalarType.Float64);
        Tensor mask = tensor(new float[] { 1, 0, 1, 0, 0, 1 }, new long[] { 1, 2, 3 });

        Tensor loss = MaskedReconstructionLoss.Compute(predicted, target, mask);
        loss.backward();

        Assert.Equal(46.0 / 3, loss.item<double>(), 1e-12);
        double[] expectedGrad = { 2.0 / 3, 0, 6.0 / 3, 0, 0, 12.0 / 3 };
        double[] grad = ToDoubles(predicted.grad!);
        for (int i = 0; i < grad.Length; i++)
        {
            Assert.Equal(expectedGrad[i], grad[i], 1e-12);
        }
    }

    [Fact]
    public void LossIgnoresVisibleEntriesAndMatchesAReference()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        const int B = 4, C = 3, T = 16;
        var masking = new StreamMasking(0.25, maskChannels: true, spanLength: 2);
        Tensor target = Windows(B, C, T).to_type(ScalarType.Float64);
        Tensor mask = masking.Sample(target, generator);
        double[] p = RandomDoubles(10, B * C * T);
        double[] t = ToDoubles(target), m = ToDoubles(mask);
        double expected = Enumerable.Range(0, p.Length).Sum(i => m[i] * (p[i] - t[i]) * (p[i] - t[i])) / m.Sum();

        double actual = MaskedReconstructionLoss.Compute(tensor(p, new long[] { B, C, T }), target, mask).item<double>();
        double[] changed = p.Select((v, i) => m[i] == 0 ? v + 100 : v).ToArray();
        double afterVisibleChange = MaskedReconstructionLoss.Compute(tensor(changed, new long[] { B, C, T }), target, mask).item<double>();

        Assert.Equal(expected, actual, 1e-12);
        Assert.Equal(actual, afterVisibleChange, 1e-12);
        Assert.Throws<ArgumentException>(() => MaskedReconstructionLoss.Compute(zeros(B, C, T), zeros(B, C, T), zeros(B, C, T - 1)));
    }
}
