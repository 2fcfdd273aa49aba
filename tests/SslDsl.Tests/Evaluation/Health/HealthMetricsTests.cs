using System;
using System.Linq;
using SslDsl.Evaluation.Health;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Health;

/// <summary>RankMe and the collapse metrics against float64 references computed here from their definitions.</summary>
public sealed class HealthMetricsTests
{
    private static readonly double[,] First =
    {
        { 0.3, -1.2, 2.0 }, { 1.5, 0.4, -0.7 }, { -0.9, 0.8, 0.1 }, { 2.2, -0.3, 0.6 }, { -0.4, -1.6, -1.1 },
    };

    private static readonly double[,] Second =
    {
        { 0.5, -1.0, 1.7 }, { 1.1, 0.9, -0.2 }, { -1.3, 0.2, 0.4 }, { 2.0, 0.1, 0.9 }, { 0.2, -1.9, -0.8 },
    };

    private static Tensor ToTensor(double[,] values) =>
        tensor(values.Cast<double>().ToArray(), new long[] { values.GetLength(0), values.GetLength(1) }, ScalarType.Float64);

    private static double[][] Normalised(double[,] values) => Enumerable.Range(0, values.GetLength(0)).Select(i =>
    {
        double[] row = Enumerable.Range(0, values.GetLength(1)).Select(j => values[i, j]).ToArray();
        double norm = Math.Sqrt(row.Sum(v => v * v));
        return row.Select(v => v / norm).ToArray();
    }).ToArray();

    /// <summary>exp(−Σ p log p) with p = σ/‖σ‖₁ + ε, from the singular values themselves.</summary>
    private static double RankMeOf(double[] singular)
    {
        double sum = singular.Sum();
        return Math.Exp(-singular.Select(s => (s / sum) + RankMe.Epsilon).Sum(p => p * Math.Log(p)));
    }

    /// <summary>[N, D] with the given singular values: a diagonal block rotated by an orthogonal 4x4 (Hadamard / 2).</summary>
    private static Tensor WithSingularValues(double[] singular, int rows)
    {
        double[,] hadamard = { { 1, 1, 1, 1 }, { 1, -1, 1, -1 }, { 1, 1, -1, -1 }, { 1, -1, -1, 1 } };
        var values = new double[rows * 4];
        for (int i = 0; i < singular.Length; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                values[(i * 4) + j] = singular[i] * hadamard[i, j] / 2;
            }
        }

        return tensor(values, new long[] { rows, 4 }, ScalarType.Float64);
    }

    [Theory]
    [InlineData(new[] { 3.0, 2.0, 1.0, 0.5 })]
    [InlineData(new[] { 1.0, 1.0, 1.0, 1.0 })] // full rank, flat spectrum: RankMe = D
    [InlineData(new[] { 2.0, 0.0, 0.0, 0.0 })] // rank 1: RankMe = 1
    public void RankMeMatchesTheEntropyOfTheSpectrum(double[] singular)
    {
        using var scope = NewDisposeScope();
        Tensor embeddings = WithSingularValues(singular, rows: 6);

        double actual = RankMe.Compute(embeddings).item<double>();

        Assert.Equal(RankMeOf(singular), actual, 6);
    }

    [Fact]
    public void RankMeSeparatesACollapsedEncoderFromASpreadOne()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        Tensor spread = randn(new long[] { 512, 32 }, generator: generator);
        Tensor collapsed = randn(new long[] { 512, 1 }, generator: generator).matmul(randn(new long[] { 1, 32 }, generator: generator));

        Assert.True(RankMe.Compute(spread).item<float>() > 28);
        Assert.True(RankMe.Compute(collapsed).item<float>() < 1.01);
    }

    [Fact]
    public void DimensionStdMatchesItsDefinition()
    {
        using var scope = NewDisposeScope();
        double[][] z = Normalised(First);
        double expected = Enumerable.Range(0, 3).Average(j =>
        {
            double mean = z.Average(row => row[j]);
            return Math.Sqrt(z.Average(row => (row[j] - mean) * (row[j] - mean)));
        });

        Assert.Equal(expected, CollapseMetrics.DimensionStd(ToTensor(First)).item<double>(), 12);
        Assert.Equal(0, CollapseMetrics.DimensionStd(ones(8, 3, dtype: ScalarType.Float64)).item<double>(), 12);
    }

    [Fact]
    public void AlignmentMatchesItsDefinition()
    {
        using var scope = NewDisposeScope();
        double[][] a = Normalised(First);
        double[][] b = Normalised(Second);
        double expected = a.Zip(b, (x, y) => x.Zip(y, (u, v) => (u - v) * (u - v)).Sum()).Average();

        Assert.Equal(expected, CollapseMetrics.Alignment(ToTensor(First), ToTensor(Second)).item<double>(), 12);
        Assert.Equal(0, CollapseMetrics.Alignment(ToTensor(First), ToTensor(First).mul(3)).item<double>(), 12);
    }

    [Fact]
    public void UniformityMatchesItsDefinition()
    {
        using var scope = NewDisposeScope();
        double[][] z = Normalised(First);
        var terms = (from i in Enumerable.Range(0, 5)
                     from j in Enumerable.Range(0, 5)
                     where i < j
                     select Math.Exp(-2 * z[i].Zip(z[j], (u, v) => (u - v) * (u - v)).Sum())).ToArray();

        Assert.Equal(10, terms.Length);
        Assert.Equal(Math.Log(terms.Average()), CollapseMetrics.Uniformity(ToTensor(First)).item<double>(), 12);
        Assert.Equal(0, CollapseMetrics.Uniformity(ones(8, 3, dtype: ScalarType.Float64)).item<double>(), 12); // collapsed
    }

    [Fact]
    public void BadShapesAreNamed()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("embeddings", Assert.Throws<ArgumentException>(() => RankMe.Compute(ones(1, 4))).ParamName);
        Assert.Equal("embeddings", Assert.Throws<ArgumentException>(() => CollapseMetrics.Uniformity(ones(4))).ParamName);
        Assert.Equal("second", Assert.Throws<ArgumentException>(() => CollapseMetrics.Alignment(ones(4, 3), ones(4, 2))).ParamName);
        Assert.Equal("embeddings", Assert.Throws<ArgumentException>(() => CollapseMetrics.DimensionStd(ones(new long[] { 4, 3 }, dtype: ScalarType.Int64))).ParamName);
    }
}
