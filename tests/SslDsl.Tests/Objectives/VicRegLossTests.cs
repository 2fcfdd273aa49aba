using System;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// VICReg against a float64 loop reference of the official code: invariance mse(x, y); variance mean_j relu(1 −
/// sqrt(var_unbiased + 1e-4)) per branch, the two averaged; covariance Σ_{i≠j} cov_ij² / D per branch, summed.
/// </summary>
public sealed class VicRegLossTests
{
    [Theory]
    [InlineData(1, 4, 4, 25.0, 25.0, 1.0)]
    [InlineData(2, 5, 6, 25.0, 25.0, 1.0)]
    [InlineData(3, 6, 8, 1.0, 2.0, 3.0)]
    [InlineData(4, 4, 5, 0.5, 10.0, 0.0)]
    [InlineData(5, 2, 3, 25.0, 25.0, 1.0)]
    public void LossAndGradientMatchFloat64Reference(int seed, int samples, int dim, double inv, double var, double cov)
    {
        using var scope = NewDisposeScope();
        double[][] x = MixedScaleRows(seed, 2 * samples, dim);
        Tensor input = ToTensor(x, requiresGrad: true);

        double[] terms = ReferenceTerms(x, new[] { inv, var, cov }, out double[][] expectedGrad);
        Tensor loss = new VicRegLoss(inv, var, cov).Compute(input);
        loss.backward();

        Assert.Equal((inv * terms[0]) + (var * terms[1]) + (cov * terms[2]), loss.item<double>(), 1e-10);
        AssertRowsClose(expectedGrad, input.grad!, 1e-10);
    }

    [Theory]
    [InlineData(11, 4, 4)]
    [InlineData(12, 6, 7)]
    public void TermsMatchTheReferenceOneByOne(int seed, int samples, int dim)
    {
        using var scope = NewDisposeScope();
        double[][] x = MixedScaleRows(seed, 2 * samples, dim);
        double[] expected = ReferenceTerms(x, new[] { 1.0, 1.0, 1.0 }, out _);

        (Tensor invariance, Tensor variance, Tensor covariance) = new VicRegLoss().ComputeTerms(ToTensor(x));

        Assert.Equal(expected[0], invariance.item<double>(), 1e-12);
        Assert.Equal(expected[1], variance.item<double>(), 1e-12);
        Assert.Equal(expected[2], covariance.item<double>(), 1e-12);
        Assert.True(expected[1] > 0, "the data should have some dimensions with std < 1");
    }

    [Fact]
    public void VarianceTermIsZeroWhenEveryDimensionHasStdAtLeastOne()
    {
        // Every column of both branches takes the values ±2 (or ±1.5, 0 and ±3) around its mean: unbiased std > 1.
        using var scope = NewDisposeScope();
        double[][] x =
        {
            new[] { 2.0, -1.5, 10.0 }, new[] { -2.0, 1.5, 13.0 }, new[] { 2.0, 1.5, 7.0 }, new[] { -2.0, -1.5, 10.0 },
            new[] { 0.0, 3.0, -2.0 }, new[] { 4.0, 3.0, 2.0 }, new[] { 0.0, -3.0, -2.0 }, new[] { 4.0, -3.0, 2.0 },
        };

        (_, Tensor variance, _) = new VicRegLoss().ComputeTerms(ToTensor(x));

        Assert.Equal(0.0, variance.item<double>());
    }

    [Fact]
    public void CollapsedEmbeddingsCostTheClosedForm()
    {
        // Branch x: every row (1, 2, 3, 4); branch y: every row (2, 2, 2, 2). Invariance = mean((1−2)², 0, 1², 2²)
        // = 6/4 = 1.5. Every variance is 0, so every std is sqrt(1e-4) = 0.01 and the variance term is
        // relu(1 − 0.01) = 0.99 (per branch and averaged). Centred embeddings are 0: covariance 0.
        // Loss = 25·1.5 + 25·0.99 + 1·0 = 62.25.
        using var scope = NewDisposeScope();
        double[][] x = new double[8][];
        for (int i = 0; i < 4; i++)
        {
            x[i] = new[] { 1.0, 2, 3, 4 };
            x[i + 4] = new[] { 2.0, 2, 2, 2 };
        }

        var loss = new VicRegLoss();
        (Tensor invariance, Tensor variance, Tensor covariance) = loss.ComputeTerms(ToTensor(x));

        Assert.Equal(1.5, invariance.item<double>(), 1e-14);
        Assert.Equal(0.99, variance.item<double>(), 1e-14);
        Assert.Equal(0.0, covariance.item<double>(), 1e-14);
        Assert.Equal(62.25, loss.Compute(ToTensor(x)).item<double>(), 1e-12);
    }

    [Fact]
    public void DefaultsAreThePapers()
    {
        var loss = new VicRegLoss();
        Assert.Equal(25, loss.Invariance);
        Assert.Equal(25, loss.Variance);
        Assert.Equal(1, loss.Covariance);
    }

    [Theory]
    [InlineData(-1.0, 25.0, 1.0, "invariance")]
    [InlineData(25.0, double.NaN, 1.0, "variance")]
    [InlineData(25.0, 25.0, double.PositiveInfinity, "covariance")]
    public void ConstructorRejectsInvalidCoefficients(double inv, double var, double cov, string param)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new VicRegLoss(inv, var, cov));
        Assert.Equal(param, ex.ParamName);
    }

    [Theory]
    [InlineData(new long[] { 2, 4 })]
    [InlineData(new long[] { 7, 4 })]
    [InlineData(new long[] { 4, 0 })]
    public void SmallOrMisshapenBatchesAreRejected(long[] shape)
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => new VicRegLoss().Compute(zeros(shape, dtype: ScalarType.Float64)));
        Assert.Contains("[" + string.Join(", ", shape) + "]", ex.Message);
    }

    /// <summary>Random rows whose columns have different spreads, so some dimensions have std above 1 and some below.</summary>
    private static double[][] MixedScaleRows(int seed, int rows, int dim)
    {
        double[][] x = RandomRows(seed, rows, dim);
        foreach (double[] row in x)
        {
            for (int c = 0; c < dim; c++)
            {
                row[c] *= 0.2 + (0.5 * c);
            }
        }

        return x;
    }

    /// <summary>
    /// Returns the unweighted [invariance, variance, covariance]; the gradient is of the weighted sum. Per branch, with
    /// centred c and cov = cᵀc/(N−1): ∂std_j/∂x_nj = c_nj/((N−1)·std_j), ∂(Σ_{i≠j} cov_ij²)/∂c_nk =
    /// 4Σ_{j≠k} cov_kj c_nj/(N−1), then the centring projection (subtract the column mean).
    /// </summary>
    private static double[] ReferenceTerms(double[][] x, double[] w, out double[][] grad)
    {
        int n = x.Length / 2;
        int d = x[0].Length;
        grad = Zeros(2 * n, d);

        double invariance = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double diff = x[i][j] - x[i + n][j];
                invariance += diff * diff / (n * d);
                grad[i][j] += w[0] * 2 * diff / (n * d);
                grad[i + n][j] -= w[0] * 2 * diff / (n * d);
            }
        }

        double variance = 0;
        double covariance = 0;
        for (int b = 0; b < 2; b++)
        {
            double[][] c = Zeros(n, d);
            for (int j = 0; j < d; j++)
            {
                double mean = 0;
                for (int i = 0; i < n; i++)
                {
                    mean += x[(b * n) + i][j] / n;
                }

                for (int i = 0; i < n; i++)
                {
                    c[i][j] = x[(b * n) + i][j] - mean;
                }
            }

            double[][] g = Zeros(n, d);
            for (int j = 0; j < d; j++)
            {
                double v = 0;
                for (int i = 0; i < n; i++)
                {
                    v += c[i][j] * c[i][j] / (n - 1);
                }

                double std = Math.Sqrt(v + 1e-4);
                if (std < 1)
                {
                    variance += (1 - std) / (2 * d);
                    for (int i = 0; i < n; i++)
                    {
                        g[i][j] -= w[1] * c[i][j] / ((n - 1) * std * 2 * d);
                    }
                }
            }

            var cov = new double[d, d];
            for (int a = 0; a < d; a++)
            {
                for (int e = 0; e < d; e++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        cov[a, e] += c[i][a] * c[i][e] / (n - 1);
                    }

                    if (a != e)
                    {
                        covariance += cov[a, e] * cov[a, e] / d;
                    }
                }
            }

            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < d; k++)
                {
                    for (int e = 0; e < d; e++)
                    {
                        if (e != k)
                        {
                            g[i][k] += w[2] * 4 * cov[k, e] * c[i][e] / ((n - 1) * d);
                        }
                    }
                }
            }

            for (int j = 0; j < d; j++)
            {
                double meanG = 0;
                for (int i = 0; i < n; i++)
                {
                    meanG += g[i][j] / n;
                }

                for (int i = 0; i < n; i++)
                {
                    grad[(b * n) + i][j] += g[i][j] - meanG;
                }
            }
        }

        return new[] { invariance, variance, covariance };
    }
}
