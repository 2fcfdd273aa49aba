using System;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// Weighted kNN on a hand-made 2-D example. The query is q = (5, 0); the training points (cosine similarity to q):
///   a = (1, 0)                  class 0, s = 1
///   b = 2·(0.95,  √0.0975)      class 1, s = 0.95
///   c = 0.5·(0.95, −√0.0975)    class 1, s = 0.95
///   d = 3·(0.9,  √0.19)         class 0, s = 0.9
///   e = (−1, 0)                 class 0, s = −1
/// Votes exp(s/T):
///   k = 1, T = 0.1:  only a → class 0
///   k = 3, T = 0.1:  class 0 e^10 = 22,026 vs class 1 2e^9.5 = 26,719 → class 1
///   k = 4, T = 0.1:  class 0 e^10 + e^9 = 30,130 vs 26,719 → class 0
///   k = 3, T = 0.01: class 0 e^100 vs class 1 2e^95 (e^100 / 2e^95 = e^5/2 ≈ 74) → class 0
///   k = 10 (> 5 points, clamped), T = 0.1: class 0 e^10 + e^9 + e^−10 vs 26,719 → class 0
/// </summary>
public sealed class KnnClassifierTests
{
    [Theory]
    [InlineData(1, 0.1, 0)]
    [InlineData(3, 0.1, 1)]
    [InlineData(4, 0.1, 0)]
    [InlineData(3, 0.01, 0)]
    [InlineData(10, 0.1, 0)]
    public void WeightedVoteMatchesHandComputation(int k, double temperature, long expectedClass)
    {
        using var scope = NewDisposeScope();
        var (train, labels) = TrainingPoints();
        Tensor query = tensor(new float[] { 5, 0 }, new long[] { 1, 2 });

        double right = KnnClassifier.Top1(train, labels, query, tensor(new[] { expectedClass }), classes: 2, k, temperature);
        double wrong = KnnClassifier.Top1(train, labels, query, tensor(new[] { 1 - expectedClass }), classes: 2, k, temperature);

        Assert.Equal(1.0, right);
        Assert.Equal(0.0, wrong);
    }

    [Fact]
    public void HandComputedVotesHaveTheClaimedOrder()
    {
        // the arithmetic of the class comment, so that the expectations above rest on checked numbers
        Assert.True(Math.Exp(10) < 2 * Math.Exp(9.5));
        Assert.True(Math.Exp(10) + Math.Exp(9) > 2 * Math.Exp(9.5));
        Assert.True(Math.Exp(100) > 2 * Math.Exp(95));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1024)]
    public void Top1IsTheFractionOfCorrectQueriesForAnyChunkSize(int chunk)
    {
        // k = 1: (5, 0) → a (class 0, label 0: right); (−5, 0) → e (class 0, label 1: wrong); (1, 0.2) at 11.3° → b at 18.2° (a is at 0°, d at 25.8°; class 1, right)
        using var scope = NewDisposeScope();
        var (train, labels) = TrainingPoints();
        Tensor queries = tensor(new float[] { 5, 0, -5, 0, 1, 0.2f }, new long[] { 3, 2 });

        double top1 = KnnClassifier.Top1(train, labels, queries, tensor(new long[] { 0, 1, 1 }), classes: 2, k: 1, temperature: 0.1, chunk: chunk);

        Assert.Equal(2.0 / 3.0, top1, 12);
    }

    public static TheoryData<string, Type, string, string> BadInputs() => new()
    {
        { "train label 2", typeof(ArgumentOutOfRangeException), "trainLabels", "trainLabels holds 2 at index 3; classes is 2 (labels must be in [0, 2))" },
        { "test label -1", typeof(ArgumentOutOfRangeException), "testLabels", "testLabels holds -1 at index 0; classes is 2 (labels must be in [0, 2))" },
        { "double labels", typeof(ArgumentException), "trainLabels", "trainLabels must hold integer class indices (int64, int32 or uint8), got Float64" },
        { "label count", typeof(ArgumentException), "trainLabels", "trainLabels has 4 labels but trainFeatures has 5 rows" },
        { "NaN test features", typeof(ArgumentException), "testFeatures", "testFeatures holds 2 non-finite value(s) (NaN or ±Inf) in 1 of 1 sample(s); the first is sample 0" },
        { "1-D features", typeof(ArgumentException), "trainFeatures", "trainFeatures must be [N, D] features with N, D >= 1, got [10]" },
        { "widths", typeof(ArgumentException), "testFeatures", "testFeatures [1, 3] has 3 features per row but trainFeatures [5, 2] has 2" },
        { "classes 1", typeof(ArgumentOutOfRangeException), "classes", "classes is 1; a classifier needs at least 2 classes" },
        { "k 0", typeof(ArgumentOutOfRangeException), "k", "k is 0; must be >= 1" },
        { "temperature 0", typeof(ArgumentOutOfRangeException), "temperature", "temperature is 0; must be finite and > 0" },
        { "chunk 0", typeof(ArgumentOutOfRangeException), "chunk", "chunk is 0; must be >= 1" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputsAreRejectedWithTheParameterAndTheProblem(string which, Type exceptionType, string parameter, string message)
    {
        using var scope = NewDisposeScope();
        var (train, labels) = TrainingPoints();
        Tensor query = tensor(new float[] { 5, 0 }, new long[] { 1, 2 });
        Tensor queryLabels = tensor(new long[] { 0 });
        int classes = 2, k = 3, chunk = 16;
        double temperature = 0.1;
        switch (which)
        {
            case "train label 2": labels = tensor(new long[] { 0, 1, 1, 2, 0 }); break;
            case "test label -1": queryLabels = tensor(new long[] { -1 }); break;
            case "double labels": labels = labels.to_type(ScalarType.Float64); break;
            case "label count": labels = labels.narrow(0, 0, 4); break;
            case "NaN test features": query = tensor(new float[] { float.NaN, float.NaN }, new long[] { 1, 2 }); break;
            case "1-D features": train = train.reshape(10); break;
            case "widths": query = tensor(new float[] { 5, 0, 0 }, new long[] { 1, 3 }); break;
            case "classes 1": classes = 1; break;
            case "k 0": k = 0; break;
            case "temperature 0": temperature = 0; break;
            case "chunk 0": chunk = 0; break;
            default: throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        Exception ex = Assert.Throws(exceptionType, () => KnnClassifier.Top1(train, labels, query, queryLabels, classes, k, temperature, chunk));

        Assert.Equal(parameter, ((ArgumentException)ex).ParamName);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    private static (Tensor Features, Tensor Labels) TrainingPoints()
    {
        double r1 = Math.Sqrt(1 - (0.95 * 0.95));
        double r2 = Math.Sqrt(1 - (0.9 * 0.9));
        float[] points =
        {
            1, 0,
            (float)(2 * 0.95), (float)(2 * r1),
            (float)(0.5 * 0.95), (float)(-0.5 * r1),
            (float)(3 * 0.9), (float)(3 * r2),
            -1, 0,
        };
        return (tensor(points, new long[] { 5, 2 }), tensor(new long[] { 0, 1, 1, 0, 0 }));
    }
}
