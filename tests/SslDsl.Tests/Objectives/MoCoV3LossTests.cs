using System;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// MoCo v3 (official builder.py): ctr(q, k) = CE(q̂ k̂ᵀ/τ, arange(N))·2τ, loss = ctr(q⁰, k¹) + ctr(q¹, k⁰); against a
/// float64 loop reference.
/// </summary>
public sealed class MoCoV3LossTests
{
    [Theory]
    [InlineData(1, 4, 4, 0.2)]
    [InlineData(2, 5, 6, 1.0)]
    [InlineData(3, 6, 8, 0.1)]
    [InlineData(4, 4, 5, 0.5)]
    public void LossAndGradientMatchFloat64Reference(int seed, int samples, int dim, double tau)
    {
        using var scope = NewDisposeScope();
        double[][] q = RandomRows(seed, 2 * samples, dim);
        double[][] k = RandomRows(seed + 100, 2 * samples, dim);
        Tensor queries = ToTensor(q, requiresGrad: true);

        double expected = Reference(q, k, tau, out double[][] expectedGrad);
        Tensor value = new MoCoV3Loss(tau).Compute(queries, ToTensor(k));
        value.backward();

        Assert.Equal(expected, value.item<double>(), 1e-10);
        AssertRowsClose(expectedGrad, queries.grad!, 1e-10);
    }

    [Fact]
    public void OrthogonalSamplesGiveTheClosedForm()
    {
        // N = 3, D = 3: sample i is e_i in every query and key (scaled). Each query's logits are 1/τ on its own key and
        // 0 on the N − 1 others: CE = log(1 + (N − 1)e^{−1/τ}); times 2τ, summed over the 2 directions.
        using var scope = NewDisposeScope();
        const double tau = 0.25;
        double[][] q = { new[] { 2.0, 0, 0 }, new[] { 0, 1.0, 0 }, new[] { 0, 0, 3.0 }, new[] { 1.0, 0, 0 }, new[] { 0, 4.0, 0 }, new[] { 0, 0, 0.5 } };
        double[][] k = { new[] { 0.1, 0, 0 }, new[] { 0, 7.0, 0 }, new[] { 0, 0, 1.0 }, new[] { 1.5, 0, 0 }, new[] { 0, 1.0, 0 }, new[] { 0, 0, 2.0 } };

        double actual = new MoCoV3Loss(tau).Compute(ToTensor(q), ToTensor(k)).item<double>();

        Assert.Equal(2 * 2 * tau * Math.Log(1 + (2 * Math.Exp(-1 / tau))), actual, 1e-13);
    }

    [Fact]
    public void KeysReceiveNoGradient()
    {
        using var scope = NewDisposeScope();
        Tensor queries = ToTensor(RandomRows(1, 6, 4), requiresGrad: true);
        Tensor keys = ToTensor(RandomRows(2, 6, 4), requiresGrad: true);

        new MoCoV3Loss().Compute(queries, keys).backward();

        Assert.Null(keys.grad);
        Assert.True(queries.grad!.abs().sum().item<double>() > 0);
    }

    [Fact]
    public void DefaultTemperatureIsPointTwo()
    {
        Assert.Equal(0.2, new MoCoV3Loss().Temperature);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.PositiveInfinity)]
    public void ConstructorRejectsInvalidTemperature(double tau)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCoV3Loss(tau));
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => new MoCoV3Loss().Compute(ones(4, 3), ones(4, 2)));
        Assert.Equal("keys", ex.ParamName);
    }

    /// <summary>Per direction and query i, softmax p_i· over the N keys: ∂/∂q̂_i = 2τ/N · Σ_j (p_ij − δ_ij) k̂_j / τ.</summary>
    private static double Reference(double[][] q, double[][] k, double tau, out double[][] grad)
    {
        int m = q.Length;
        int n = m / 2;
        double total = 0;
        grad = new double[m][];
        for (int a = 0; a < 2; a++)
        {
            int b = 1 - a;
            for (int i = 0; i < n; i++)
            {
                double[] u = Normalized(q[(a * n) + i]);
                var keys = new double[n][];
                var logits = new double[n];
                double denominator = 0;
                for (int j = 0; j < n; j++)
                {
                    keys[j] = Normalized(k[(b * n) + j]);
                    logits[j] = Dot(u, keys[j]) / tau;
                    denominator += Math.Exp(logits[j]);
                }

                total += 2 * tau * (-logits[i] + Math.Log(denominator)) / n;
                var g = new double[u.Length];
                for (int j = 0; j < n; j++)
                {
                    double coefficient = (Math.Exp(logits[j]) / denominator) - (i == j ? 1 : 0);
                    for (int c = 0; c < u.Length; c++)
                    {
                        g[c] += 2 * coefficient * keys[j][c] / n;
                    }
                }

                grad[(a * n) + i] = ThroughNormalize(q[(a * n) + i], g);
            }
        }

        return total;
    }
}
