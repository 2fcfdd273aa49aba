using System;
using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Maps;

/// <summary>Barnes–Hut t-SNE's input: affinities over the nearest neighbours, calibrated, symmetrised, and equal to the dense ones when every point is a neighbour.</summary>
public class SparseAffinitiesTests
{
    [Fact]
    public void EachRowKeepsItsNearestNeighboursWithTheEntropyOfThePerplexity()
    {
        using var scope = NewDisposeScope();
        const int n = 200;
        const double perplexity = 7;
        Tensor x = randn(new long[] { n, 6 }, dtype: ScalarType.Float64, generator: new torch.Generator(11));
        SparseAffinities p = SparseAffinities.Conditional(x, perplexity);
        Assert.Equal(n, p.Points);
        double[] d = Tsne.SquaredDistances(x).data<double>().ToArray();
        for (int i = 0; i < n; i++)
        {
            int[] columns = p.Columns[p.RowStarts[i]..p.RowStarts[i + 1]].ToArray();
            double[] row = p.Values[p.RowStarts[i]..p.RowStarts[i + 1]].ToArray();
            Assert.Equal(21, columns.Length); // ⌊3 · 7⌋
            Assert.DoesNotContain(i, columns);
            Assert.True(columns.Zip(columns.Skip(1)).All(c => c.First < c.Second), $"row {i}: columns not ascending");
            // exactly the 21 nearest others
            int[] nearest = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => d[i * n + j]).Take(21).OrderBy(j => j).ToArray();
            Assert.Equal(nearest, columns);
            Assert.Equal(1.0, row.Sum(), 12);
            Assert.Equal(Math.Log(perplexity), -row.Where(v => v > 0).Sum(v => v * Math.Log(v)), 8);
        }
    }

    [Fact]
    public void JointAffinitiesAreSymmetricSumToOneAndKeepEveryNeighbourPair()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(new long[] { 150, 4 }, dtype: ScalarType.Float64, generator: new torch.Generator(12));
        SparseAffinities conditional = SparseAffinities.Conditional(x, 5);
        SparseAffinities joint = conditional.Symmetrised();
        Tensor dense = joint.ToDense();
        Assert.True(dense.equal(dense.t()).all().item<bool>(), "P is not symmetric");
        Assert.Equal(1.0, dense.sum().item<double>(), 12);
        Assert.True(dense.diagonal().eq(0).all().item<bool>());
        // (P + Pᵀ) / 2N of the conditional matrix, entry by entry, and the sparsity pattern is the union of both.
        Tensor c = conditional.ToDense();
        Assert.True(dense.allclose(c.add(c.t()).div(300), rtol: 0, atol: 1e-17));
        Assert.Equal(c.add(c.t()).gt(0).sum().item<long>(), joint.Values.Length);
    }

    [Fact]
    public void WithEveryPointANeighbourTheyEqualTheDenseAffinities()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(new long[] { 40, 3 }, dtype: ScalarType.Float64, generator: new torch.Generator(13));
        // ⌊3 · 13⌋ = 39 = N − 1: the sparse rows hold all other points.
        Tensor sparse = SparseAffinities.Joint(x, 13).ToDense();
        Tensor dense = Tsne.JointAffinities(Tsne.SquaredDistances(x), 13).masked_fill(eye(40, dtype: ScalarType.Bool), 0);
        // atol: the dense affinities are floored at 1e-12
        Assert.True(sparse.allclose(dense, rtol: 1e-9, atol: 1.1e-12), $"max difference {sparse.sub(dense).abs().max().item<double>():E2}");
    }

    [Fact]
    public void BadInputIsNamed()
    {
        using var scope = NewDisposeScope();
        var few = Assert.Throws<ArgumentOutOfRangeException>(() => SparseAffinities.Joint(randn(20, 3), 20));
        Assert.Contains("perplexity", few.Message, StringComparison.Ordinal);
        Tensor x = randn(20, 3);
        x[3, 1] = tensor(double.NaN);
        var nan = Assert.Throws<ArgumentException>(() => SparseAffinities.Joint(x, 5));
        Assert.Contains("NaN", nan.Message, StringComparison.Ordinal);
    }
}
