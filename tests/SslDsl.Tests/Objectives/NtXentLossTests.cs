using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// NT-Xent (SimCLR eq. 1) against a float64 reference written with plain loops: cosine similarities, then per anchor
/// i and each positive p, −log(exp(s_ip/τ) / Σ_{k≠i} exp(s_ik/τ)), averaged over every (anchor, positive) pair.
/// The reference gradient is derived by hand from the same formula (chain rule through the L2 normalisation).
/// </summary>
public sealed class NtXentLossTests
{
    [Theory]
    [InlineData(1, 3, 4, 0.5)]
    [InlineData(2, 4, 6, 0.1)]
    [InlineData(3, 5, 8, 0.2)]
    [InlineData(4, 3, 5, 1.0)]
    [InlineData(5, 5, 4, 0.07)]
    public void TwoViewLossMatchesFloat64Reference(int seed, int samples, int dim, double temperature)
    {
        using var scope = NewDisposeScope();
        double[][] x = RandomRows(seed, 2 * samples, dim);
        using var loss = new NtXentLoss(temperature);

        double expected = ReferenceLoss(x, views: 2, temperature, out _);
        double actual = loss.Compute(ToTensor(x, requiresGrad: false)).item<double>();

        Assert.Equal(expected, actual, 1e-10);
    }

    [Theory]
    [InlineData(1, 3, 4, 0.5)]
    [InlineData(2, 4, 6, 0.1)]
    [InlineData(3, 5, 8, 0.2)]
    [InlineData(4, 3, 5, 1.0)]
    public void TwoViewGradientMatchesFloat64Reference(int seed, int samples, int dim, double temperature)
    {
        using var scope = NewDisposeScope();
        double[][] x = RandomRows(seed, 2 * samples, dim);
        using var loss = new NtXentLoss(temperature);
        Tensor input = ToTensor(x, requiresGrad: true);

        ReferenceLoss(x, views: 2, temperature, out double[][] expectedGrad);
        loss.Compute(input).backward();

        AssertRowsClose(expectedGrad, input.grad!, 1e-10);
    }

    [Theory]
    [InlineData(11, 3, 4, 0.5)]
    [InlineData(12, 4, 7, 0.1)]
    [InlineData(13, 5, 5, 0.3)]
    public void ThreeViewLossAndGradientMatchMultiPositiveReference(int seed, int samples, int dim, double temperature)
    {
        using var scope = NewDisposeScope();
        double[][] x = RandomRows(seed, 3 * samples, dim);
        using var loss = new NtXentLoss(temperature, views: 3);
        Tensor input = ToTensor(x, requiresGrad: true);

        double expected = ReferenceLoss(x, views: 3, temperature, out double[][] expectedGrad);
        Tensor value = loss.Compute(input);
        value.backward();

        Assert.Equal(expected, value.item<double>(), 1e-10);
        AssertRowsClose(expectedGrad, input.grad!, 1e-10);
    }

    [Fact]
    public void Float32InputMatchesReferenceToSinglePrecision()
    {
        using var scope = NewDisposeScope();
        double[][] x = RandomRows(21, 8, 6);
        // the reference sees exactly the values the float32 tensor holds
        double[][] rounded = x.Select(r => r.Select(v => (double)(float)v).ToArray()).ToArray();
        using var loss = new NtXentLoss(0.2);
        Tensor input = tensor(rounded.SelectMany(r => r.Select(v => (float)v)).ToArray(), new long[] { 8, 6 }, requires_grad: true);

        double expected = ReferenceLoss(rounded, 2, 0.2, out double[][] expectedGrad);
        Tensor value = loss.Compute(input);
        value.backward();

        Assert.Equal(ScalarType.Float32, value.dtype);
        Assert.Equal(expected, value.item<float>(), 1e-5);
        AssertRowsClose(expectedGrad, input.grad!, 1e-5);
    }

    [Fact]
    public void IdenticalPositivesWithOrthogonalNegativesGiveTheClosedForm()
    {
        // N = 3 samples, D = 4. Sample i is the basis vector e_i in both views (view 1 scaled by 2.5, which the
        // cosine similarity must ignore). For every anchor: s(positive) = 1, the 2N − 2 = 4 negatives have s = 0, so
        //   loss = −log(e^{1/τ} / (e^{1/τ} + 4·e^0)) = log(1 + 4·e^{−1/τ}).
        // With τ = 0.5: log(1 + 4e^{−2}).
        using var scope = NewDisposeScope();
        double[][] x =
        {
            new[] { 1.0, 0, 0, 0 }, new[] { 0, 1.0, 0, 0 }, new[] { 0, 0, 1.0, 0 },
            new[] { 2.5, 0, 0, 0 }, new[] { 0, 2.5, 0, 0 }, new[] { 0, 0, 2.5, 0 },
        };
        using var loss = new NtXentLoss(0.5);

        double actual = loss.Compute(ToTensor(x, requiresGrad: false)).item<double>();

        Assert.Equal(Math.Log(1 + (4 * Math.Exp(-2))), actual, 1e-12);
    }

    [Fact]
    public void IdenticalPositivesWithOrthogonalNegativesGiveTheClosedFormForThreeViews()
    {
        // N = 2, V = 3, D = 2: sample 0 is e_0 in all three views, sample 1 is e_1. For every anchor the row holds
        // 2 positives (s = 1) and 3 negatives (s = 0): each pair contributes −log(e^{1/τ} / (2e^{1/τ} + 3)).
        // With τ = 0.25: log(2 + 3e^{−4}).
        using var scope = NewDisposeScope();
        double[][] x =
        {
            new[] { 1.0, 0 }, new[] { 0, 3.0 },
            new[] { 0.5, 0 }, new[] { 0, 1.0 },
            new[] { 2.0, 0 }, new[] { 0, 0.2 },
        };
        using var loss = new NtXentLoss(0.25, views: 3);

        double actual = loss.Compute(ToTensor(x, requiresGrad: false)).item<double>();

        Assert.Equal(Math.Log(2 + (3 * Math.Exp(-4))), actual, 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void ConstructorRejectsNonPositiveTemperature(double temperature)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new NtXentLoss(temperature));
        Assert.Equal("temperature", ex.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-2)]
    public void ConstructorRejectsFewerThanTwoViews(int views)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new NtXentLoss(0.5, views));
        Assert.Equal("views", ex.ParamName);
    }

    [Theory]
    [InlineData(new long[] { 6 })]
    [InlineData(new long[] { 6, 4, 1 })]
    [InlineData(new long[] { 5, 4 })]
    [InlineData(new long[] { })]
    public void WrongInputShapeIsAnArgumentExceptionNamingTheShape(long[] shape)
    {
        using var scope = NewDisposeScope();
        using var loss = new NtXentLoss(0.5);
        Tensor input = ones(shape, dtype: ScalarType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => loss.Compute(input));

        Assert.Equal("projections", ex.ParamName);
        Assert.Contains("[" + string.Join(", ", shape) + "]", ex.Message);
    }

    [Fact]
    public void RowCountNotDivisibleByThreeViewsIsRejected()
    {
        using var scope = NewDisposeScope();
        using var loss = new NtXentLoss(0.5, views: 3);

        var ex = Assert.Throws<ArgumentException>(() => loss.Compute(ones(8, 4, dtype: ScalarType.Float64)));

        Assert.Contains("[8, 4]", ex.Message);
    }

    [Fact]
    public void EmptyBatchIsRejected()
    {
        using var scope = NewDisposeScope();
        using var loss = new NtXentLoss(0.5);

        var ex = Assert.Throws<ArgumentException>(() => loss.Compute(ones(0, 4, dtype: ScalarType.Float64)));

        Assert.Contains("[0, 4]", ex.Message);
    }

    [Fact]
    public void ComputeWithChangingBatchSizesRebuildsTheMasks()
    {
        using var scope = NewDisposeScope();
        using var loss = new NtXentLoss(0.3);
        int[] batchSizes = { 3, 5, 3, 4, 4 };

        for (int i = 0; i < batchSizes.Length; i++)
        {
            double[][] x = RandomRows(100 + i, 2 * batchSizes[i], 5);
            double expected = ReferenceLoss(x, 2, 0.3, out _);

            double actual = loss.Compute(ToTensor(x, requiresGrad: false)).item<double>();

            Assert.Equal(expected, actual, 1e-10);
        }
    }

    [Fact]
    public void MasksAreBuiltOncePerBatchShape()
    {
        // The masks are private; read them by reflection to see whether a second call of the same shape reuses them.
        using var scope = NewDisposeScope();
        using var loss = new NtXentLoss(0.5);
        var field = typeof(NtXentLoss).GetField("selfMask", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

        loss.Compute(ToTensor(RandomRows(1, 6, 4), requiresGrad: false));
        object? first = field.GetValue(loss);
        loss.Compute(ToTensor(RandomRows(2, 6, 4), requiresGrad: false));
        object? second = field.GetValue(loss);
        loss.Compute(ToTensor(RandomRows(3, 8, 4), requiresGrad: false));
        object? third = field.GetValue(loss);

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.NotSame(second, third);
    }

    [Fact]
    public void TemperatureIsExposed()
    {
        using var loss = new NtXentLoss(0.07);
        Assert.Equal(0.07, loss.Temperature);
    }

    // ---- float64 reference, plain loops ----

    /// <summary>
    /// L = 1/(M(V−1)) Σ_i Σ_{p ∈ P(i)} [−s_ip/τ + log Σ_{k≠i} exp(s_ik/τ)], M = V·N rows, P(i) = other views of i's sample.
    /// Gradient: ∂L/∂s_ij (anchor i) = 1/(M(V−1)) · ((V−1)·softmax_i(j) − [j ∈ P(i)]) / τ; s_ij = u_i·u_j appears for
    /// anchor i and anchor j, so ∂L/∂u_i = Σ_j (G_ij + G_ji) u_j; then ∂L/∂x_i = (I − u_i u_iᵀ) ∂L/∂u_i / ‖x_i‖.
    /// </summary>
    private static double ReferenceLoss(double[][] x, int views, double tau, out double[][] grad)
    {
        int m = x.Length;
        int d = x[0].Length;
        int n = m / views;
        var norm = new double[m];
        var u = new double[m][];
        for (int i = 0; i < m; i++)
        {
            double sq = 0;
            for (int c = 0; c < d; c++)
            {
                sq += x[i][c] * x[i][c];
            }

            norm[i] = Math.Sqrt(sq);
            u[i] = new double[d];
            for (int c = 0; c < d; c++)
            {
                u[i][c] = x[i][c] / norm[i];
            }
        }

        var s = new double[m, m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double dot = 0;
                for (int c = 0; c < d; c++)
                {
                    dot += u[i][c] * u[j][c];
                }

                s[i, j] = dot;
            }
        }

        double pairs = (double)m * (views - 1);
        double total = 0;
        var g = new double[m, m];
        for (int i = 0; i < m; i++)
        {
            double denominator = 0;
            for (int k = 0; k < m; k++)
            {
                if (k != i)
                {
                    denominator += Math.Exp(s[i, k] / tau);
                }
            }

            for (int j = 0; j < m; j++)
            {
                if (j == i)
                {
                    continue;
                }

                bool positive = j % n == i % n;
                if (positive)
                {
                    total += -Math.Log(Math.Exp(s[i, j] / tau) / denominator);
                }

                double softmax = Math.Exp(s[i, j] / tau) / denominator;
                g[i, j] = (((views - 1) * softmax) - (positive ? 1 : 0)) / tau / pairs;
            }
        }

        grad = new double[m][];
        for (int i = 0; i < m; i++)
        {
            var du = new double[d];
            for (int j = 0; j < m; j++)
            {
                for (int c = 0; c < d; c++)
                {
                    du[c] += (g[i, j] + g[j, i]) * u[j][c];
                }
            }

            double along = 0;
            for (int c = 0; c < d; c++)
            {
                along += u[i][c] * du[c];
            }

            grad[i] = new double[d];
            for (int c = 0; c < d; c++)
            {
                grad[i][c] = (du[c] - (along * u[i][c])) / norm[i];
            }
        }

        return total / pairs;
    }

    private static double[][] RandomRows(int seed, int rows, int dim)
    {
        var random = new Random(seed);
        var x = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            x[i] = new double[dim];
            for (int c = 0; c < dim; c++)
            {
                x[i][c] = (random.NextDouble() * 4) - 2;
            }
        }

        return x;
    }

    private static Tensor ToTensor(double[][] x, bool requiresGrad) =>
        tensor(x.SelectMany(r => r).ToArray(), new long[] { x.Length, x[0].Length }, requires_grad: requiresGrad);

    private static void AssertRowsClose(double[][] expected, Tensor actual, double tolerance)
    {
        Assert.Equal(new long[] { expected.Length, expected[0].Length }, actual.shape);
        double[] flat = actual.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            for (int c = 0; c < expected[i].Length; c++)
            {
                double e = expected[i][c];
                double a = flat[(i * expected[i].Length) + c];
                Assert.True(Math.Abs(e - a) <= tolerance * (1 + Math.Abs(e)), $"grad[{i},{c}]: expected {e}, got {a}");
            }
        }
    }
}
