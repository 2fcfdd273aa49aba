using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

public sealed class FutureWindowTests
{
    [Fact]
    public void SplitGivesTheFirstTMinusHStepsAsContextAndTheLastHAsFuture()
    {
        using var scope = NewDisposeScope();
        const int B = 2, C = 3, T = 10, H = 4;
        Tensor windows = arange(B * C * T, dtype: ScalarType.Float32).view(B, C, T);

        (Tensor context, Tensor future) = FutureWindowSplit.Split(windows, H);

        Assert.Equal(new long[] { B, C, T - H }, context.shape);
        Assert.Equal(new long[] { B, C, H }, future.shape);
        double[] ctx = ToDoubles(context), fut = ToDoubles(future);
        for (int b = 0; b < B; b++)
        {
            for (int c = 0; c < C; c++)
            {
                double rowStart = ((b * C) + c) * T;
                Assert.Equal(Enumerable.Range(0, T - H).Select(t => rowStart + t), Row(ctx, (b * C) + c, T - H));
                Assert.Equal(Enumerable.Range(T - H, H).Select(t => rowStart + t), Row(fut, (b * C) + c, H));
            }
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(0)]
    [InlineData(-1)]
    public void HorizonOutsideOneToTMinusOneIsRejected(int horizon)
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FutureWindowSplit.Split(zeros(2, 3, 10), horizon));
        Assert.Equal("horizon", ex.ParamName);
        Assert.Contains("T = 10", ex.Message);
    }

    [Fact]
    public void SplitRejectsNonWindowInputs()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => FutureWindowSplit.Split(zeros(3, 10), 2));
    }

    [Fact]
    public void LossIsMseForFlatChannelMajorAndShapedForecasts()
    {
        using var scope = NewDisposeScope();
        const int B = 2, C = 3, H = 4;
        double[] p = RandomDoubles(1, B * C * H);
        double[] f = RandomDoubles(2, B * C * H);
        double expected = p.Zip(f, (a, b) => (a - b) * (a - b)).Average();
        Tensor future = tensor(f, new long[] { B, C, H });

        double shaped = FutureWindowLoss.Compute(tensor(p, new long[] { B, C, H }), future).item<double>();
        double flat = FutureWindowLoss.Compute(tensor(p, new long[] { B, C * H }), future).item<double>();

        Assert.Equal(expected, shaped, 1e-12);
        Assert.Equal(expected, flat, 1e-12);

        // channel-major: moving one value of the flat forecast from channel 0 to channel 1 changes the loss
        double[] swapped = (double[])p.Clone();
        (swapped[0], swapped[H]) = (swapped[H], swapped[0]);
        Assert.NotEqual(expected, FutureWindowLoss.Compute(tensor(swapped, new long[] { B, C * H }), future).item<double>(), 12);
    }

    [Fact]
    public void LossRejectsMismatchedForecasts()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => FutureWindowLoss.Compute(zeros(2, 11), zeros(2, 3, 4)));
        Assert.Throws<ArgumentException>(() => FutureWindowLoss.Compute(zeros(2, 4, 3), zeros(2, 3, 4)));
        Assert.Throws<ArgumentException>(() => FutureWindowLoss.Compute(zeros(3, 12), zeros(2, 3, 4)));
    }
}
