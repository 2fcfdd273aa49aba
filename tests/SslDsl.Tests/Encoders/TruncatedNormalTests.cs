using System;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Encoders;

/// <summary>PyTorch's trunc_normal_ (TorchSharp 0.107's init.trunc_normal_ fills a constant instead).</summary>
public sealed class TruncatedNormalTests
{
    [Fact]
    public void ValuesStayWithinTheBounds()
    {
        using var scope = NewDisposeScope();
        Tensor values = TruncatedNormal.Fill(empty(100_000), mean: 0, std: 0.02, a: -0.04, b: 0.04);

        Assert.True(values.min().item<float>() >= -0.04f);
        Assert.True(values.max().item<float>() <= 0.04f);
    }

    [Fact]
    public void StandardDeviationIsThatOfANormalCutAtTwoSigma()
    {
        // Var of N(0, 1) cut to [−2, 2]: 1 − 2·2·φ(2) / (Φ(2) − Φ(−2)) = 1 − 4·0.0539910 / 0.9544997 = 0.7737413
        double expected = 0.02 * Math.Sqrt(0.7737413);
        using var scope = NewDisposeScope();
        Tensor values = TruncatedNormal.Fill(empty(100_000), mean: 0, std: 0.02, a: -0.04, b: 0.04);

        // 100,000 samples: the sample std is within 1% of the true one with overwhelming probability
        Assert.InRange(values.std().item<float>(), expected * 0.99, expected * 1.01);
    }

    [Fact]
    public void MeanIsShiftedToTheRequestedMean()
    {
        using var scope = NewDisposeScope();
        Tensor values = TruncatedNormal.Fill(empty(100_000), mean: 3, std: 0.5, a: 2, b: 4);

        Assert.InRange(values.mean().item<float>(), 2.99, 3.01);
    }

    [Fact]
    public void EmptyRangeIsRejected()
    {
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => TruncatedNormal.Fill(empty(4), mean: 0, std: 1, a: 1, b: 1));
    }
}
