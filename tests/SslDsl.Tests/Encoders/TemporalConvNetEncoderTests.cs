using System;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>TCN (Bai et al. 2018): residual levels of two dilated causal convolutions, dilation 2^level.</summary>
public sealed class TemporalConvNetEncoderTests
{
    private static TemporalConvNetEncoder SmallTcn() => new(3, new[] { 16, 32 }, kernelSize: 3);

    [Fact]
    public void ForwardMapsWindowsToTheLastWidth()
    {
        using var scope = NewDisposeScope();
        using var tcn = SmallTcn();

        Tensor output = tcn.call(RandomInput(1, 4, 3, 32));

        Assert.Equal(new long[] { 4, 32 }, output.shape);
        Assert.Equal(32, tcn.OutputDim);
    }

    [Fact]
    public void ForwardSequenceKeepsOneFeatureVectorPerTimeStep()
    {
        using var scope = NewDisposeScope();
        using var tcn = SmallTcn();

        Tensor output = tcn.ForwardSequence(RandomInput(2, 4, 3, 20));

        Assert.Equal(new long[] { 4, 32, 20 }, output.shape);
    }

    [Fact]
    public void ForwardIsTheTimeAverageOfForwardSequence()
    {
        using var scope = NewDisposeScope();
        using var tcn = SmallTcn();
        tcn.eval();
        Tensor input = RandomInput(3, 2, 3, 24);

        Tensor pooled = tcn.call(input);
        Tensor sequence = tcn.ForwardSequence(input);

        Assert.True(pooled.sub(sequence.mean(new long[] { 2 })).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void ChangingTheInputAtTimeTChangesOutputsOnlyFromTOn()
    {
        const int t = 10;
        using var scope = NewDisposeScope();
        using var tcn = SmallTcn();
        tcn.eval();
        Tensor input = RandomInput(4, 2, 3, 32);
        Tensor changed = input.clone();
        changed.select(2, t).add_(1.0);

        Tensor difference = TimeProfile(tcn.ForwardSequence(changed).sub(tcn.ForwardSequence(input)));

        Assert.True(difference.narrow(0, 0, t).max().item<float>() < 1e-6, "an output before t changed");
        Assert.True(difference[t].item<float>() > 1e-4, "the output at t did not change");
    }

    [Fact]
    public void DilationsDoublePerLevelSoTheReceptiveFieldIsThirteenSteps()
    {
        // k = 3, two levels of two convs: 1 + 2·(3 − 1)·(1 + 2) = 13, i.e. inputs t − 12 … t
        const int t = 5;
        using var scope = NewDisposeScope();
        using var tcn = SmallTcn();
        tcn.eval();
        Assert.Equal(13L, tcn.ReceptiveField);
        Tensor input = RandomInput(5, 2, 3, 32);
        Tensor changed = input.clone();
        changed.select(2, t).add_(1.0);

        Tensor difference = TimeProfile(tcn.ForwardSequence(changed).sub(tcn.ForwardSequence(input)));

        Assert.True(difference[t + 12].item<float>() > 1e-6, "the farthest output in reach did not change");
        Assert.True(difference.narrow(0, t + 13, 32 - t - 13).max().item<float>() < 1e-6, "an output beyond the receptive field changed");
    }

    [Fact]
    public void ParameterCountIsConvWeightsBatchNormAndTheOneByOneShortcuts()
    {
        // per level: two bias-free k = 3 convs, two BNs (weight + bias), a 1x1 conv with bias when the width changes
        long level0 = (3 * 16 * 3) + (2 * 16) + (16 * 16 * 3) + (2 * 16) + ((3 * 16) + 16);
        long level1 = (16 * 32 * 3) + (2 * 32) + (32 * 32 * 3) + (2 * 32) + ((16 * 32) + 32);
        Assert.Equal(6_320L, level0 + level1);

        using var tcn = SmallTcn();

        Assert.Equal(level0 + level1, ParameterCount(tcn));
    }

    [Fact]
    public void EqualWidthsUseAnIdentityShortcut()
    {
        using var tcn = new TemporalConvNetEncoder(16, new[] { 16 }, kernelSize: 2);

        Assert.Equal((16 * 16 * 2 * 2) + (4 * 16), ParameterCount(tcn));
    }

    [Fact]
    public void GradientReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var tcn = SmallTcn();

        Assert.Empty(ParametersWithoutGradient(tcn, RandomInput(6, 4, 3, 24)));
    }

    [Fact]
    public void WrongChannelCountIsRejected()
    {
        using var scope = NewDisposeScope();
        using var tcn = SmallTcn();

        var error = Assert.Throws<ArgumentException>(() => tcn.ForwardSequence(RandomInput(7, 2, 4, 16)));
        Assert.Contains("[B, 3, T]", error.Message);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemporalConvNetEncoder(0, new[] { 16 }));
        Assert.Throws<ArgumentException>(() => new TemporalConvNetEncoder(3, Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => new TemporalConvNetEncoder(3, new[] { 16, 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemporalConvNetEncoder(3, new[] { 16 }, kernelSize: 0));
    }

    /// <summary>Largest absolute value per time step of a <c>[B, D, T]</c> tensor: <c>[T]</c>.</summary>
    private static Tensor TimeProfile(Tensor difference) => difference.abs().amax(new long[] { 0, 1 });
}
