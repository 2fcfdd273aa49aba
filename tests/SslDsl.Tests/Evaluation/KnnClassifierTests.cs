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
