using System;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>ConvNet: per stage conv 3x3 (no bias) → BN → ReLU, 2x2 max-pool between stages, global average pool.</summary>
public sealed class ConvNetEncoderTests
{
    [Fact]
    public void ParameterCountIsConvWeightsPlusBatchNormAffine()
    {
        // conv 3x3 without bias: in·out·9; BN: weight + bias per channel
        long expected =
            (1 * 32 * 9) + (2 * 32) +
            (32 * 64 * 9) + (2 * 64) +
            (64 * 128 * 9) + (2 * 128) +
            (128 * 256 * 9) + (2 * 256);
        Assert.Equal(388_320L, expected);

        using var encoder = new ConvNetEncoder(1, new[] { 32, 64, 128, 256 });

        Assert.Equal(expected, ParameterCount(encoder));
    }

    [Fact]
    public void MapsImagesToTheLastWidth()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 32, 64, 128, 256 });

        Tensor output = encoder.call(RandomInput(1, 2, 1, 28, 28));

        Assert.Equal(new long[] { 2, 256 }, output.shape);
        Assert.Equal(256, encoder.OutputDim);
    }

    [Fact]
    public void OutputIsNonNegativeAfterTheFinalReLU()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(3, new[] { 16, 32 });

        Tensor output = encoder.call(RandomInput(2, 4, 3, 12, 12));

        Assert.True(output.min().item<float>() >= 0);
    }

    [Fact]
    public void GradientReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(3, new[] { 16, 32, 48 });

        Assert.Empty(ParametersWithoutGradient(encoder, RandomInput(3, 4, 3, 16, 16)));
    }

    [Fact]
    public void TrainModeOutputDependsOnTheRestOfTheBatch()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 16, 32 });
        encoder.train();

        Assert.True(BatchCompositionEffect(encoder, RandomInput(4, 5, 1, 8, 8)) > 1e-3);
    }

    [Fact]
    public void EvalModeOutputDoesNotDependOnTheRestOfTheBatch()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ConvNetEncoder(1, new[] { 16, 32 });
        encoder.eval();

        Assert.True(BatchCompositionEffect(encoder, RandomInput(4, 5, 1, 8, 8)) < 1e-6);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvNetEncoder(0, new[] { 8 }));
        Assert.Throws<ArgumentException>(() => new ConvNetEncoder(1, Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => new ConvNetEncoder(1, new[] { 8, 0 }));
    }
}
