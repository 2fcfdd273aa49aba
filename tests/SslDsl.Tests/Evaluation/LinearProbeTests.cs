using System;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>Linear probe: multinomial logistic regression on standardised frozen features.</summary>
public sealed class LinearProbeTests
{
    [Fact]
    public void SeparatesGaussianBlobs()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 1, perClass: 30);
        var (testX, testY) = Blobs(seed: 2, perClass: 50);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 3);

        Assert.True(result.Top1 > 0.95, $"top-1 {result.Top1}");
        Assert.True(result.TrainTop1 > 0.95, $"train top-1 {result.TrainTop1}");
        Assert.True(result.FinalLoss < 0.2, $"final loss {result.FinalLoss}");
    }

    [Fact]
    public void RandomLabelsGiveChanceAccuracyOnTest()
    {
        // 4 classes, labels independent of the features: test top-1 over 2,000 samples is 0.25 ± 0.0097 (1σ)
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        Tensor trainX = randn(new long[] { 200, 8 }, generator: generator);
        Tensor trainY = randint(0, 4, new long[] { 200 }, generator: generator);
        Tensor testX = randn(new long[] { 2000, 8 }, generator: generator);
        Tensor testY = randint(0, 4, new long[] { 2000 }, generator: generator);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 4);

        Assert.InRange(result.Top1, 0.20, 0.30);
        Assert.True(result.TrainTop1 > result.Top1, "the probe fits its own training noise");
    }

    [Fact]
    public void ReportsSampleCountsAndFeatureDim()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 3, perClass: 10);
        var (testX, testY) = Blobs(seed: 4, perClass: 5);

        LinearProbeResult result = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 3, iterations: 20);

        Assert.Equal(30, result.TrainSamples);
        Assert.Equal(15, result.TestSamples);
        Assert.Equal(5, result.FeatureDim);
    }

    [Fact]
    public void FeatureScaleDoesNotMatter()
    {
        // standardisation with the training mean and deviation: one feature ×1000 + 50 gives the same predictions
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 5, perClass: 30);
        var (testX, testY) = Blobs(seed: 6, perClass: 50);
        Tensor scale = tensor(new float[] { 1000, 1, 1, 1, 1 });
        Tensor shift = tensor(new float[] { 50, 0, 0, 0, 0 });

        LinearProbeResult plain = LinearProbe.Fit(trainX, trainY, testX, testY, classes: 3);
        LinearProbeResult scaled = LinearProbe.Fit(trainX * scale + shift, trainY, testX * scale + shift, testY, classes: 3);

        Assert.Equal(plain.Top1, scaled.Top1, 2);
    }

    [Fact]
    public void OneDimensionalFeaturesAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => LinearProbe.Fit(zeros(10), zeros(10, dtype: ScalarType.Int64), zeros(4, 1), zeros(4, dtype: ScalarType.Int64), 2));
    }

    [Fact]
    public void DifferentFeatureDimsAreRejected()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(zeros(10, 3), zeros(10, dtype: ScalarType.Int64), zeros(4, 2), zeros(4, dtype: ScalarType.Int64), 2));
        Assert.Contains("[10, 3]", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
    }

    [Theory]
    [InlineData(9, 4)]
    [InlineData(10, 5)]
    public void LabelCountMismatchIsRejected(long trainLabels, long testLabels)
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(zeros(10, 3), zeros(trainLabels, dtype: ScalarType.Int64), zeros(4, 3), zeros(testLabels, dtype: ScalarType.Int64), 2));
        Assert.Contains("same number of rows", ex.Message);
    }

    /// <summary>Three unit-variance Gaussian blobs in 5-D centred at 4·e_0, 4·e_1, 4·e_2 (centres 5.7 apart).</summary>
    private static (Tensor X, Tensor Y) Blobs(ulong seed, int perClass)
    {
        using var generator = new Generator(seed);
        Tensor x = randn(new long[] { 3 * perClass, 5 }, generator: generator);
        Tensor y = arange(3).repeat_interleave(perClass);
        Tensor centres = nn.functional.one_hot(y, 5).to_type(ScalarType.Float32).mul(4);
        return (x.add(centres), y);
    }
}
