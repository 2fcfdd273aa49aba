using System;
using SslDsl.Evaluation.Sequences;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Sequences;

/// <summary>Linear interpolation of hidden entries, each case worked out by hand.</summary>
public sealed class StreamImputationTests
{
    [Fact]
    public void InterpolatesBetweenVisibleStepsAndHoldsTheEnds()
    {
        using var scope = NewDisposeScope();
        // channel 0: 1, ?, ?, 7, ? → 1, 3, 5, 7, 7 (line from 1 to 7 over 3 steps; the tail holds 7)
        // channel 1: ?, 2, ?, ?, 8 → 2, 2, 4, 6, 8 (the head holds 2)
        Tensor windows = tensor(new float[] { 1, -9, -9, 7, -9, -9, 2, -9, -9, 8 }, new long[] { 1, 2, 5 });
        Tensor mask = tensor(new float[] { 0, 1, 1, 0, 1, 1, 0, 1, 1, 0 }, new long[] { 1, 2, 5 });
        Tensor filled = StreamImputation.LinearInterpolation(windows, mask, new[] { 0.0, 0.0 });
        Assert.Equal(new float[] { 1, 3, 5, 7, 7, 2, 2, 4, 6, 8 }, filled.data<float>().ToArray());
    }

    [Fact]
    public void AWhollyHiddenChannelGetsItsFallback()
    {
        using var scope = NewDisposeScope();
        Tensor windows = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 1, 2, 2 });
        Tensor mask = tensor(new float[] { 0, 0, 1, 1 }, new long[] { 1, 2, 2 });
        Tensor filled = StreamImputation.LinearInterpolation(windows, mask, new[] { 10.0, -0.5 });
        Assert.Equal(new float[] { 1, 2, -0.5f, -0.5f }, filled.data<float>().ToArray());
    }

    [Fact]
    public void RejectsAFallbackOfTheWrongLength()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("one value per channel (2)", Assert.Throws<ArgumentException>(() => StreamImputation.LinearInterpolation(zeros(1, 2, 2), zeros(1, 2, 2), new[] { 0.0 })).Message);
    }
}
