using System;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// Barlow Twins (Zbontar et al. 2021, eq. 1–2) as the official code computes it: BatchNorm1d(affine=False)
/// standardisation per view (biased variance, eps 1e-5), C = z̃⁰ᵀz̃¹/N, L = Σ(1 − C_ii)² + λΣ_{i≠j} C_ij². The
/// reference gradient is derived by hand through the standardisation.
/// </summary>
public sealed class BarlowTwinsLossTests
{
    [Theory]
    [InlineData(1, 4, 4, 0.0051)]
    [InlineData(2, 5, 6, 0.0051)]
    [InlineData(3, 6, 8, 0.5)]
    [InlineData(4, 4, 5, 1.0)]
    [InlineData(5, 2, 3, 2.0)]
    public void LossAndGradientMatchFloat64Reference(int seed, int samples, int dim, double lambda)
    {
        using var scope = NewDisposeScope();
        double[][] x = RandomRows(seed, 2 * samples, dim);
        Tensor input = ToTensor(x, requiresGrad: true);

        double expected = Reference(x, lambda, out double[][] expectedGrad);
        Tensor loss = new BarlowTwinsLoss(lambda).Compute(input);
        loss.backward();

        Assert.Equal(expected, loss.item<double>(), 1e-10);
        AssertRowsClose(expectedGrad, input.grad!, 1e-10);
    }

    [Fact]
    public void IdenticalDecorrelatedViewsGiveTheIdentityCrossCorrelation()
    {
        // Columns 1..7 of the 8×8 Sylvester–Hadamard matrix: entries ±1, mean 0, biased variance 1, mutually
        // orthogonal. View 1 = 3·view 0 + 5, which the standardisation undoes up to the BatchNorm epsilon: view 0
        // becomes ±1/sqrt(1 + ε), view 1 ±3/sqrt(9 + ε). So C is diagonal, C_ii = 3/sqrt((1 + ε)(9 + ε)), and the loss
        // is only the epsilon's footprint, 7·(1 − C_ii)² ≈ 2e-10.
        using var scope = NewDisposeScope();
        const int n = 8;
        const int d = 7;
        double[][] x = new double[2 * n][];
        for (int i = 0; i < n; i++)
        {
            x[i] = new double[d];
            x[i + n] = new double[d];
            for (int j = 0; j < d; j++)
            {
                double h = int.PopCount(i & (j + 1)) % 2 == 0 ? 1 : -1;
                x[i][j] = h;
                x[i + n][j] = (3 * h) + 5;
            }
        }

        double actual = new BarlowTwinsLoss().Compute(ToTensor(x)).item<double>();

        double eps = BarlowTwinsLoss.Epsilon;
        double diagonal = 3 / Math.Sqrt((1 + eps) * (9 + eps));
        Assert.Equal(d * Math.Pow(1 - diagonal, 2), actual, 1e-16);
        Assert.True(actual < 1e-9);
    }

    [Fact]
    public void AnticorrelatedViewsCostFourPerDimension()
    {
        // View 1 = −view 0 (Hadamard columns): C = −I/(1 + ε), so Σ(1 − C_ii)² = D·(1 + 1/(1 + ε))² ≈ 4D.
        using var scope = NewDisposeScope();
        const int n = 4;
        const int d = 3;
        double[][] x = new double[2 * n][];
        for (int i = 0; i < n; i++)
        {
            x[i] = new double[d];
            x[i + n] = new double[d];
            for (int j = 0; j < d; j++)
            {
                double h = int.PopCount(i & (j + 1)) % 2 == 0 ? 1 : -1;
                x[i][j] = h;
                x[i + n][j] = -h;
            }
        }

        double actual = new BarlowTwinsLoss().Compute(ToTensor(x)).item<double>();

        Assert.Equal(d * Math.Pow(1 + (1 / (1 + BarlowTwinsLoss.Epsilon)), 2), actual, 1e-12);
    }

    [Fact]
    public void DefaultLambdaIsThePapers()
    {
        Assert.Equal(0.0051, new BarlowTwinsLoss().Lambda);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ConstructorRejectsInvalidLambda(double lambda)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BarlowTwinsLoss(lambda));
        Assert.Equal("lambda", ex.ParamName);
    }

    [Theory]
    [InlineData(new long[] { 2, 4 })]
    [InlineData(new long[] { 5, 4 })]
    [InlineData(new long[] { 8 })]
    public void BatchesWithoutVarianceOrWrongShapeAreRejected(long[] shape)
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => new BarlowTwinsLoss().Compute(ones(shape, dtype: ScalarType.Float64)));
        Assert.Equal("projections", ex.ParamName);
        Assert.Contains("[" + string.Join(", ", shape) + "]", ex.Message);
    }

    /// <summary>
    /// s = (x − μ)/σ, σ = sqrt(var_biased + ε). With G = ∂L/∂C (2(C_ii − 1) on the diagonal, 2λC_ij off it):
    /// ∂L/∂s⁰_ni = Σ_j G_ij s¹_nj / N, ∂L/∂s¹_nj = Σ_i G_ij s⁰_ni / N, and per column with centred c:
    /// ∂L/∂x_n = (g_n − mean g)/σ − c_n·Σ_m g_m c_m / (N σ³).
    /// </summary>
    private static double Reference(double[][] x, double lambda, out double[][] grad)
    {
        int n = x.Length / 2;
        int d = x[0].Length;
        var centred = new double[2][][];
        var sigma = new double[2][];
        var s = new double[2][][];
        for (int v = 0; v < 2; v++)
        {
            centred[v] = Zeros(n, d);
            s[v] = Zeros(n, d);
            sigma[v] = new double[d];
            for (int j = 0; j < d; j++)
            {
                double mean = 0;
                for (int i = 0; i < n; i++)
                {
                    mean += x[(v * n) + i][j] / n;
                }

                double variance = 0;
                for (int i = 0; i < n; i++)
                {
                    centred[v][i][j] = x[(v * n) + i][j] - mean;
                    variance += centred[v][i][j] * centred[v][i][j] / n;
                }

                sigma[v][j] = Math.Sqrt(variance + 1e-5);
                for (int i = 0; i < n; i++)
                {
                    s[v][i][j] = centred[v][i][j] / sigma[v][j];
                }
            }
        }

        var c = new double[d, d];
        var g = new double[d, d];
        double loss = 0;
        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
            {
                for (int i = 0; i < n; i++)
                {
                    c[a, b] += s[0][i][a] * s[1][i][b] / n;
                }

                if (a == b)
                {
                    loss += (1 - c[a, b]) * (1 - c[a, b]);
                    g[a, b] = 2 * (c[a, b] - 1);
                }
                else
                {
                    loss += lambda * c[a, b] * c[a, b];
                    g[a, b] = 2 * lambda * c[a, b];
                }
            }
        }

        var gs = new[] { Zeros(n, d), Zeros(n, d) };
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++)
            {
                for (int b = 0; b < d; b++)
                {
                    gs[0][i][a] += g[a, b] * s[1][i][b] / n;
                    gs[1][i][b] += g[a, b] * s[0][i][a] / n;
                }
            }
        }

        grad = Zeros(2 * n, d);
        for (int v = 0; v < 2; v++)
        {
            for (int j = 0; j < d; j++)
            {
                double meanG = 0;
                double gc = 0;
                for (int i = 0; i < n; i++)
                {
                    meanG += gs[v][i][j] / n;
                    gc += gs[v][i][j] * centred[v][i][j];
                }

                double sj = sigma[v][j];
                for (int i = 0; i < n; i++)
                {
                    grad[(v * n) + i][j] = ((gs[v][i][j] - meanG) / sj) - (centred[v][i][j] * gc / (n * sj * sj * sj));
                }
            }
        }

        return loss;
    }
}
