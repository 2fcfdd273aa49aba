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
        var ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(zeros(10), zeros(10, dtype: ScalarType.Int64), zeros(4, 1), zeros(4, dtype: ScalarType.Int64), 2));
        Assert.Equal("trainFeatures", ex.ParamName);
    }

    [Fact]
    public void DifferentFeatureDimsAreRejected()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(zeros(10, 3), zeros(10, dtype: ScalarType.Int64), zeros(4, 2), zeros(4, dtype: ScalarType.Int64), 2));
        Assert.Equal("testFeatures", ex.ParamName);
        Assert.Contains("[10, 3]", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
    }

    [Theory]
    [InlineData(9, 4, "trainLabels", "trainLabels has 9 labels but trainFeatures has 10 rows")]
    [InlineData(10, 5, "testLabels", "testLabels has 5 labels but testFeatures has 4 rows")]
    public void LabelCountMismatchIsRejected(long trainLabels, long testLabels, string parameter, string message)
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(zeros(10, 3), zeros(trainLabels, dtype: ScalarType.Int64), zeros(4, 3), zeros(testLabels, dtype: ScalarType.Int64), 2));
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelOutsideTheClassesIsAnExceptionNotAnAbortedProcess()
    {
        // This input used to abort the test host (exit 134): cross_entropy threw inside TorchSharp's native L-BFGS
        // closure. Reaching the assertions at all shows the process survives.
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        Tensor x = randn(new long[] { 20, 4 }, generator: generator);
        Tensor y = arange(20, dtype: ScalarType.Int64).remainder(10);
        y[4] = tensor(11L);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LinearProbe.Fit(x, y, x, arange(20, dtype: ScalarType.Int64).remainder(10), classes: 10));

        Assert.Equal("trainLabels", ex.ParamName);
        Assert.Equal(11L, ex.ActualValue);
        Assert.StartsWith("trainLabels holds 11 at index 4; classes is 10 (labels must be in [0, 10))", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Type, string, string> BadInputs() => new()
    {
        { "test label -1", typeof(ArgumentOutOfRangeException), "testLabels", "testLabels holds -1 at index 2; classes is 3 (labels must be in [0, 3))" },
        { "three labels too large", typeof(ArgumentOutOfRangeException), "trainLabels", "trainLabels holds 3 at index 1; classes is 3 (labels must be in [0, 3)) (3 labels are outside)" },
        { "float labels", typeof(ArgumentException), "trainLabels", "trainLabels must hold integer class indices (int64, int32 or uint8), got Float32" },
        { "2-D labels", typeof(ArgumentException), "testLabels", "testLabels must be 1-D [N], got [15, 1]" },
        { "classes 1", typeof(ArgumentOutOfRangeException), "classes", "classes is 1; a classifier needs at least 2 classes" },
        { "NaN train features", typeof(ArgumentException), "trainFeatures", "trainFeatures holds 3 non-finite value(s) (NaN or ±Inf) in 2 of 30 sample(s); the first is sample 7" },
        { "Inf test features", typeof(ArgumentException), "testFeatures", "testFeatures holds 1 non-finite value(s) (NaN or ±Inf) in 1 of 15 sample(s); the first is sample 14" },
        { "integer features", typeof(ArgumentException), "trainFeatures", "trainFeatures must be floating point features, got Int64" },
        { "3-D features", typeof(ArgumentException), "testFeatures", "testFeatures must be [N, D] features with N, D >= 1, got [15, 5, 1]" },
        { "widths", typeof(ArgumentException), "testFeatures", "testFeatures [15, 4] has 4 features per row but trainFeatures [30, 5] has 5" },
        { "iterations 0", typeof(ArgumentOutOfRangeException), "iterations", "iterations is 0; must be >= 1" },
        { "negative weight decay", typeof(ArgumentOutOfRangeException), "weightDecay", "weightDecay is -1; must be finite and >= 0" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputsAreRejectedBeforeFittingWithTheParameterAndTheProblem(string which, Type exceptionType, string parameter, string message)
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = Blobs(seed: 8, perClass: 10);
        var (testX, testY) = Blobs(seed: 9, perClass: 5);
        int classes = 3, iterations = 10;
        double weightDecay = 1e-4;
        switch (which)
        {
            case "test label -1": testY = testY.clone(); testY[2] = tensor(-1L); break;
            case "three labels too large": trainY = trainY.clone(); trainY[1] = tensor(3L); trainY[5] = tensor(7L); trainY[29] = tensor(3L); break;
            case "float labels": trainY = trainY.to_type(ScalarType.Float32); break;
            case "2-D labels": testY = testY.reshape(15, 1); break;
            case "classes 1": classes = 1; break;
            case "NaN train features": trainX = trainX.clone(); trainX[7, 1] = tensor(float.NaN); trainX[7, 2] = tensor(float.NaN); trainX[20, 0] = tensor(float.NaN); break;
            case "Inf test features": testX = testX.clone(); testX[14, 4] = tensor(float.NegativeInfinity); break;
            case "integer features": trainX = trainX.to_type(ScalarType.Int64); break;
            case "3-D features": testX = testX.unsqueeze(2); break;
            case "widths": testX = testX.narrow(1, 0, 4); break;
            case "iterations 0": iterations = 0; break;
            case "negative weight decay": weightDecay = -1; break;
            default: throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        Exception ex = Assert.Throws(exceptionType, () => LinearProbe.Fit(trainX, trainY, testX, testY, classes, iterations, weightDecay));

        Assert.Equal(parameter, ((ArgumentException)ex).ParamName);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
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
