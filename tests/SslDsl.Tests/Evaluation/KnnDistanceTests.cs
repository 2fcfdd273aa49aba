using System;
using SslDsl.Evaluation;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// kNN distances to the reference points (0, 0), (3, 0), (0, 4), by hand: from (0, 0) the distances are 0, 3, 4;
/// from (3, 4) they are 5, 4, 3.
/// </summary>
public sealed class KnnDistanceTests
{
    [Theory]
    [InlineData(1, 0.0, 3.0)]
    [InlineData(2, 1.5, 3.5)]
    [InlineData(3, 7.0 / 3.0, 4.0)]
    public void AveragesTheKNearestDistances(int k, double fromOrigin, double fromCorner)
    {
        using var scope = NewDisposeScope();
        foreach (int chunk in new[] { 1, 1024 })
        {
            double[] scores = KnnDistance.Scores(Reference(), tensor(new float[] { 0, 0, 3, 4 }, new long[] { 2, 2 }), k, chunk);
            Assert.Equal(new[] { fromOrigin, fromCorner }, scores, (a, b) => Math.Abs(a - b) < 1e-6);
        }
    }

    [Fact]
    public void RejectsKBeyondTheReferenceAndMismatchedWidths()
    {
        using var scope = NewDisposeScope();
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => KnnDistance.Scores(Reference(), zeros(1, 2), k: 4));
        Assert.Contains("must be in [1, 3]", tooMany.Message);
        Assert.Throws<ArgumentException>(() => KnnDistance.Scores(Reference(), zeros(1, 3), k: 1));
    }

    private static Tensor Reference() => tensor(new float[] { 0, 0, 3, 0, 0, 4 }, new long[] { 3, 2 });
}
