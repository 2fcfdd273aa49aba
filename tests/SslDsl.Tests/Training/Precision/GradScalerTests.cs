using System;
using SslDsl.Tests.Training.Checkpoints;
using SslDsl.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training.Precision;

/// <summary>Float16's dynamic loss scaling: the state machine on a scripted sequence, unscaling, and its checkpoint.</summary>
public class GradScalerTests
{
    [Fact]
    public void ScaleHalvesOnOverflowAndDoublesAfterGrowthIntervalGoodSteps()
    {
        var scaler = new GradScaler(initialScale: 1024, growthInterval: 3);
        // script: good good inf | good good good (grow) | inf inf | good
        bool[] finite = { true, true, false, true, true, true, false, false, true };
        double[] expectedScale = { 1024, 1024, 512, 512, 512, 1024, 512, 256, 256 };
        int[] expectedTracker = { 1, 2, 0, 1, 2, 0, 0, 0, 1 };
        for (int i = 0; i < finite.Length; i++)
        {
            scaler.Update(finite[i]);
            Assert.Equal(expectedScale[i], scaler.Scale);
            Assert.Equal(expectedTracker[i], scaler.GrowthTracker);
        }

        Assert.Equal(3, scaler.SkippedSteps);
    }

    [Fact]
    public void UnscaleDividesEveryGradientAndReportsNonFiniteOnes()
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(ones(3));
        var b = new Parameter(ones(2, 2));
        var noGrad = new Parameter(ones(1)); // never got a gradient: skipped
        a.grad = tensor(new float[] { 8, 16, -32 });
        b.grad = full(new long[] { 2, 2 }, 4f);
        var scaler = new GradScaler(initialScale: 8);
        Assert.True(scaler.Unscale(new[] { a, b, noGrad }));
        Assert.Equal(new float[] { 1, 2, -4 }, a.grad!.data<float>().ToArray());
        Assert.Equal(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, b.grad!.data<float>().ToArray());

        b.grad = tensor(new float[,] { { 1, float.PositiveInfinity }, { float.NegativeInfinity, 1 } }); // +inf and −inf sum to NaN: still caught
        Assert.False(scaler.Unscale(new[] { a, b }));
        b.grad = tensor(new float[,] { { 1, float.NaN }, { 0, 1 } });
        Assert.False(scaler.Unscale(new[] { a, b }));
    }

    [Fact]
    public void StateSurvivesACheckpoint()
    {
        var saved = new GradScaler(initialScale: 4096, growthInterval: 5);
        saved.Update(false);
        saved.Update(true);
        saved.Update(true);
        var restored = new GradScaler(growthInterval: 5);
        StateRoundTrip.Through(saved, restored);
        Assert.Equal(2048, restored.Scale);
        Assert.Equal(2, restored.GrowthTracker);
        Assert.Equal(1, restored.SkippedSteps);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void RejectsAScaleThatCannotScale(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(initialScale: scale));
    }
}
