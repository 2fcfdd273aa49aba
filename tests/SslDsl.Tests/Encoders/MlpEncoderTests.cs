using System;
using System.Linq;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Encoders.EncoderTestSupport;

namespace SslDsl.Tests.Encoders;

/// <summary>MLP: flatten, then per hidden width Linear (no bias) → BatchNorm1d → ReLU.</summary>
public sealed class MlpEncoderTests
{
    [Fact]
    public void FlattensAnyInputShapeToTheInputDim()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32, 16 });

        Tensor output = mlp.call(RandomInput(1, 3, 1, 4, 4));

        Assert.Equal(new long[] { 3, 16 }, output.shape);
        Assert.Equal(16, mlp.OutputDim);
    }

    [Fact]
    public void InputWithTheWrongNumberOfValuesIsRejected()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32 });

        var error = Assert.Throws<ArgumentException>(() => mlp.call(RandomInput(2, 3, 1, 4, 5)));
        Assert.Contains("16 values per sample", error.Message);
    }

    [Fact]
    public void ParameterCountIsBiasFreeLinearsPlusBatchNormAffine()
    {
        long expected = (16 * 32) + (2 * 32) + (32 * 16) + (2 * 16);
        Assert.Equal(1_120L, expected);

        using var mlp = new MlpEncoder(16, new[] { 32, 16 });

        Assert.Equal(expected, ParameterCount(mlp));
    }

    [Fact]
    public void OutputIsNonNegativeAfterTheFinalReLU()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32 });

        Assert.True(mlp.call(RandomInput(3, 8, 16).sub(0.5)).min().item<float>() >= 0);
    }

    [Fact]
    public void TrainModeOutputDependsOnTheRestOfTheBatch()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32, 16 });
        mlp.train();

        Assert.True(BatchCompositionEffect(mlp, RandomInput(4, 5, 16)) > 1e-3);
    }

    [Fact]
    public void EvalModeOutputDoesNotDependOnTheRestOfTheBatch()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32, 16 });
        mlp.eval();

        Assert.True(BatchCompositionEffect(mlp, RandomInput(4, 5, 16)) < 1e-6);
    }

    [Fact]
    public void TrainModeUpdatesTheRunningMean()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32 });
        mlp.train();

        using (no_grad())
        {
            mlp.call(RandomInput(5, 8, 16).add(3));
        }

        Assert.True(RunningMean(mlp).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void EvalModeLeavesTheRunningMeanAlone()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32 });
        mlp.eval();

        using (no_grad())
        {
            mlp.call(RandomInput(6, 8, 16).add(3));
        }

        Assert.True(RunningMean(mlp).abs().max().item<float>() == 0);
    }

    [Fact]
    public void GradientReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var mlp = new MlpEncoder(16, new[] { 32, 16 });

        Assert.Empty(ParametersWithoutGradient(mlp, RandomInput(7, 4, 2, 8)));
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpEncoder(0, new[] { 16 }));
        Assert.Throws<ArgumentException>(() => new MlpEncoder(16, Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => new MlpEncoder(16, new[] { 16, -1 }));
    }

    private static Tensor RunningMean(MlpEncoder mlp) => mlp.named_buffers().Single(nb => nb.name.EndsWith("bn0.running_mean", StringComparison.Ordinal)).buffer;
}
