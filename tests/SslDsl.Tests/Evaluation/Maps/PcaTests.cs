using System;
using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Maps;

/// <summary>PCA maps against data built with known principal axes and variances.</summary>
public class PcaTests
{
    [Fact]
    public void TheMapIsTheProjectionOnTheKnownAxesInOrderOfVariance()
    {
        using var scope = NewDisposeScope();
        const int n = 500, dim = 8;
        var generator = new torch.Generator(31);
        // Scores: orthonormal, centred columns scaled 30, 20, 10, 5; axes: 4 orthonormal directions in 8-D; plus an offset.
        Tensor raw = randn(new long[] { n, 4 }, dtype: ScalarType.Float64, generator: generator);
        Tensor u = linalg.qr(raw.sub(raw.mean(new long[] { 0 }, keepdim: true))).Q;
        Tensor scores = u.mul(tensor(new[] { 30.0, 20, 10, 5 }));
        Tensor axes = linalg.qr(randn(new long[] { dim, dim }, dtype: ScalarType.Float64, generator: generator)).Q.narrow(1, 0, 4).t();
        Tensor offset = randn(new long[] { 1, dim }, dtype: ScalarType.Float64, generator: generator).mul(100);
        Tensor x = scores.matmul(axes).add(offset);

        Tensor map = Pca.Map(x.to(ScalarType.Float32), components: 3);
        Assert.Equal(new long[] { n, 3 }, map.shape);
        Assert.Equal(ScalarType.Float32, map.dtype);
        // The expected map: the scores, each column's sign chosen so that its axis's largest loading is positive.
        Tensor largest = axes.abs().argmax(1, keepdim: true);
        Tensor expected = scores.mul(axes.gather(1, largest).sign().t()).narrow(1, 0, 3);
        double error = map.to(ScalarType.Float64).sub(expected).abs().max().item<double>();
        Assert.True(error < 1e-3, $"largest difference from the known projection {error:E2} (scores up to {expected.abs().max().item<double>():F1})");

        // Explained order: the columns' variances are the squared scales, decreasing.
        double[] variances = map.to(ScalarType.Float64).var(0, unbiased: false).mul(n).data<double>().ToArray();
        Assert.Equal(new[] { 900.0, 400, 100 }, variances.Select(v => Math.Round(v, 2)).ToArray());
    }

    [Fact]
    public void TwoComponentsAreTheDefaultAndTheMapIsCentred()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(new long[] { 100, 5 }, generator: new torch.Generator(32)).add(7);
        Tensor map = Pca.Map(x);
        Assert.Equal(new long[] { 100, 2 }, map.shape);
        Assert.True(map.mean(new long[] { 0 }).abs().max().item<float>() < 1e-4);
        Assert.True(map.equal(Pca.Map(x)).all().item<bool>());
    }

    [Fact]
    public void BadInputIsNamed()
    {
        using var scope = NewDisposeScope();
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Map(randn(10, 3), components: 4));
        Assert.Contains("components", tooMany.Message, StringComparison.Ordinal);
        Tensor x = randn(10, 3);
        x[2, 2] = tensor(float.PositiveInfinity);
        var infinite = Assert.Throws<ArgumentException>(() => Pca.Map(x));
        Assert.Contains("infinity", infinite.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Pca.Map(zeros(new long[] { 10, 3 }, dtype: ScalarType.Int64)));
    }
}
