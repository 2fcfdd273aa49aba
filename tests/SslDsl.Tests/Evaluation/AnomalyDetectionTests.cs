using System;
using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

public sealed class AnomalyDetectionTests
{
    [Fact]
    public void AurocCountsPairsWithTiesAsHalf()
    {
        // anomalous scores {0.9, 0.4}, normal {0.1, 0.4, 0.3}: pairs won 3 + (1 tie → 0.5) + 2 = 5.5 of 6
        using Tensor scores = tensor(new[] { 0.9, 0.1, 0.4, 0.4, 0.3 });
        using Tensor labels = tensor(new long[] { 1, 0, 1, 0, 0 });
        Assert.Equal(5.5 / 6.0, AnomalyDetection.Auroc(scores, labels), 12);
    }

    [Fact]
    public void AurocIsOneForPerfectAndZeroForReversedScores()
    {
        using Tensor labels = tensor(new long[] { 0, 0, 1, 1 });
        using Tensor perfect = tensor(new[] { 0.1f, 0.2f, 0.8f, 0.9f });
        using Tensor reversed = tensor(new[] { 0.9f, 0.8f, 0.2f, 0.1f });
        Assert.Equal(1.0, AnomalyDetection.Auroc(perfect, labels));
        Assert.Equal(0.0, AnomalyDetection.Auroc(reversed, labels));
    }

    [Fact]
    public void AurocNeedsBothClasses()
    {
        using Tensor scores = tensor(new[] { 0.1, 0.2 });
        using Tensor labels = tensor(new long[] { 0, 0 });
        var ex = Assert.Throws<ArgumentException>(() => AnomalyDetection.Auroc(scores, labels));
        Assert.Contains("both classes", ex.Message);
    }

    [Fact]
    public void KnnScoresAreMeanCosineDistancesToTheNearestTrainRows()
    {
        using Tensor train = tensor(new double[] { 1, 0, 0, 1, -1, 0 }, new long[] { 3, 2 });
        using Tensor test = tensor(new double[] { 2, 0, 1, 1 }, new long[] { 2, 2 });
        using Tensor scores = AnomalyDetection.KnnScores(train, test, k: 2);
        // [2, 0]: distances 0, 1, 2 → mean of two nearest 0.5; [1, 1]: 1 − 1/√2 twice, then 1 + 1/√2
        double[] actual = scores.data<double>().ToArray();
        Assert.Equal(0.5, actual[0], 12);
        Assert.Equal(1 - 1 / Math.Sqrt(2), actual[1], 12);
    }

    [Fact]
    public void KnnScoresRejectAKLargerThanTheTrainingSet()
    {
        using Tensor train = ones(3, 2);
        using Tensor test = ones(1, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyDetection.KnnScores(train, test, k: 4));
    }
}
