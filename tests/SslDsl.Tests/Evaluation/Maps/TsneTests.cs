using System;
using System.Linq;
using SslDsl.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Evaluation.Maps;

/// <summary>t-SNE: affinity calibration and gradient against float64 references, and what a map must show on clusters.</summary>
public class TsneTests
{
    [Theory]
    [InlineData(5.0)]
    [InlineData(12.0)]
    public void EveryRowOfTheAffinitiesHasTheEntropyOfThePerplexity(double perplexity)
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(new long[] { 30, 5 }, dtype: ScalarType.Float64, generator: new torch.Generator(1));
        Tensor d = Tsne.SquaredDistances(x);
        double[] p = Tsne.ConditionalAffinities(d, perplexity).data<double>().ToArray();
        for (int i = 0; i < 30; i++)
        {
            double[] row = p.Skip(i * 30).Take(30).ToArray();
            Assert.Equal(0.0, row[i]);
            Assert.Equal(1.0, row.Sum(), 12);
            double entropy = -row.Where(v => v > 0).Sum(v => v * Math.Log(v));
            Assert.Equal(Math.Log(perplexity), entropy, 8);
        }

        // Row 0 against a scalar bisection written from the paper, in float64.
        double[] reference = ReferenceRow(d.data<double>().Take(30).ToArray(), 0, perplexity);
        for (int j = 0; j < 30; j++)
        {
            Assert.Equal(reference[j], p[j], 9);
        }
    }

    [Fact]
    public void JointAffinitiesAreSymmetricAndSumToOne()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(new long[] { 20, 4 }, dtype: ScalarType.Float64, generator: new torch.Generator(2));
        Tensor p = Tsne.JointAffinities(Tsne.SquaredDistances(x), 5);
        Assert.True(p.allclose(p.t(), rtol: 0, atol: 1e-15));
        Assert.Equal(1.0, p.sum().item<double>(), 9); // up to the 1e-12 floor on the diagonal
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesOfTheDivergence()
    {
        using var scope = NewDisposeScope();
        var generator = new torch.Generator(3);
        Tensor x = randn(new long[] { 7, 3 }, dtype: ScalarType.Float64, generator: generator);
        Tensor p = Tsne.JointAffinities(Tsne.SquaredDistances(x), 3);
        Tensor y = randn(new long[] { 7, 2 }, dtype: ScalarType.Float64, generator: generator);
        Tensor self = eye(7, dtype: ScalarType.Bool);
        double[] analytic = Tsne.Gradient(p, y, self).data<double>().ToArray();
        const double h = 1e-6;
        for (int k = 0; k < 14; k++)
        {
            Tensor plus = y.clone();
            Tensor minus = y.clone();
            plus.view(-1)[k] = plus.view(-1)[k].add(h);
            minus.view(-1)[k] = minus.view(-1)[k].sub(h);
            double numeric = (Tsne.Divergence(p, plus).item<double>() - Tsne.Divergence(p, minus).item<double>()) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[k]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"coordinate {k}: numeric {numeric}, analytic {analytic[k]}");
        }
    }

    [Fact]
    public void SeparatedClustersStaySeparatedAndNeighboursStayTrue()
    {
        using var scope = NewDisposeScope();
        (Tensor x, int[] labels) = MapChecks.Clusters(classes: 5, perClass: 60, dim: 20, seed: 4);
        Tensor map = Tsne.Map(x, new TsneOptions(Perplexity: 20, Iterations: 500, Method: TsneMethod.Exact));
        Assert.Equal(new long[] { 300, 2 }, map.shape);
        Assert.True(map.isfinite().all().item<bool>());
        double agreement = MapChecks.NeighbourAgreement(map, labels, k: 5);
        double trust = Tsne.Trustworthiness(x, map, k: 5);
        Assert.True(agreement > 0.95, $"kNN label agreement in the map {agreement:F3}");
        Assert.True(trust > 0.9, $"trustworthiness {trust:F3}");
        // Same seed, same map.
        Assert.True(map.equal(Tsne.Map(x, new TsneOptions(Perplexity: 20, Iterations: 500, Method: TsneMethod.Exact))).all().item<bool>());
    }

    [Fact]
    public void TrustworthinessIsOneForAnIsometryAndLowForARandomMap()
    {
        using var scope = NewDisposeScope();
        (Tensor x, _) = MapChecks.Clusters(classes: 4, perClass: 25, dim: 2, seed: 5);
        double angle = 0.7;
        Tensor rotation = tensor(new[] { Math.Cos(angle), -Math.Sin(angle), Math.Sin(angle), Math.Cos(angle) }, new long[] { 2, 2 });
        Assert.Equal(1.0, Tsne.Trustworthiness(x, x.matmul(rotation).mul(3), k: 5), 12);
        Tensor random = randn(new long[] { 100, 2 }, dtype: ScalarType.Float64, generator: new torch.Generator(6));
        Assert.True(Tsne.Trustworthiness(x, random, k: 5) < 0.7);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(10, 3);
        var tooHigh = Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Map(x, new TsneOptions(Perplexity: 10)));
        Assert.Contains("perplexity", tooHigh.Message, StringComparison.Ordinal);
        var tooMany = Assert.Throws<ArgumentException>(() => Tsne.Map(zeros(Tsne.MaxPoints + 1, 2), new TsneOptions(Method: TsneMethod.Exact)));
        Assert.Contains("subset", tooMany.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tsne.Map(zeros(new long[] { 10, 3 }, dtype: ScalarType.Int64)));
    }

    /// <summary>Bisection on β for one row, in plain float64 arithmetic.</summary>
    private static double[] ReferenceRow(double[] distances, int self, double perplexity)
    {
        double low = 0, high = double.PositiveInfinity, beta = 1;
        double[] p = new double[distances.Length];
        for (int iteration = 0; iteration < 200; iteration++)
        {
            double min = distances.Where((_, j) => j != self).Min();
            double sum = 0;
            for (int j = 0; j < p.Length; j++)
            {
                p[j] = j == self ? 0 : Math.Exp(-beta * (distances[j] - min));
                sum += p[j];
            }

            double entropy = 0;
            for (int j = 0; j < p.Length; j++)
            {
                p[j] /= sum;
                entropy -= p[j] > 0 ? p[j] * Math.Log(p[j]) : 0;
            }

            if (entropy > Math.Log(perplexity))
            {
                low = beta;
                beta = double.IsInfinity(high) ? beta * 2 : (low + high) / 2;
            }
            else
            {
                high = beta;
                beta = (low + high) / 2;
            }
        }

        return p;
    }
}
