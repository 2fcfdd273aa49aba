using System;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// SimSiam (Chen &amp; He 2021, eq. 2) against a float64 loop reference: L = ½·D(p₁, sg(z₂)) + ½·D(p₂, sg(z₁)) with
/// D = −mean cosine, i.e. −(1/2N) Σ over the 2N rows of cos(p_r, z of the other view of r's sample).
/// </summary>
public sealed class SimSiamLossTests
{
    [Theory]
    [InlineData(1, 4, 4)]
    [InlineData(2, 5, 6)]
    [InlineData(3, 6, 8)]
    [InlineData(4, 4, 5)]
    public void LossAndGradientMatchFloat64Reference(int seed, int samples, int dim)
    {
        using var scope = NewDisposeScope();
        double[][] p = RandomRows(seed, 2 * samples, dim);
        double[][] z = RandomRows(seed + 500, 2 * samples, dim);
        Tensor predictions = ToTensor(p, requiresGrad: true);

        double expected = Reference(p, z, out double[][] expectedGrad);
        Tensor loss = SimSiamLoss.Compute(predictions, ToTensor(z));
        loss.backward();

        Assert.Equal(expected, loss.item<double>(), 1e-12);
        AssertRowsClose(expectedGrad, predictions.grad!, 1e-12);
    }

    [Fact]
    public void IdenticalDirectionsGiveMinusOne()
    {
        using var scope = NewDisposeScope();
        const int n = 5;
        double[][] z = RandomRows(3, 2 * n, 4);
        double[][] p = new double[2 * n][];
        for (int r = 0; r < 2 * n; r++)
        {
            p[r] = Array.ConvertAll(z[(r + n) % (2 * n)], v => v * (1.5 + r));
        }

        Assert.Equal(-1.0, SimSiamLoss.Compute(ToTensor(p), ToTensor(z)).item<double>(), 1e-12);
    }

    [Fact]
    public void GradientReachesProjectionsOnlyThroughThePredictions()
    {
        // p = 3·z as if the predictor were a scaling: with the stop-gradient, ∂L/∂z = 3·∂L/∂p exactly; without it the
        // target path would add −(1/2N)(û − cos·v̂)/‖z‖ terms.
        using var scope = NewDisposeScope();
        double[][] z = RandomRows(21, 8, 5);
        double[][] p = Array.ConvertAll(z, row => Array.ConvertAll(row, v => 3 * v));
        Tensor projections = ToTensor(z, requiresGrad: true);

        SimSiamLoss.Compute(projections.mul(3.0), projections).backward();

        Reference(p, z, out double[][] gradP);
        AssertRowsClose(Array.ConvertAll(gradP, row => Array.ConvertAll(row, v => 3 * v)), projections.grad!, 1e-12);
    }

    [Fact]
    public void DetachedProjectionLeafGetsNoGradient()
    {
        using var scope = NewDisposeScope();
        Tensor predictions = ToTensor(RandomRows(4, 6, 3), requiresGrad: true);
        Tensor projections = ToTensor(RandomRows(5, 6, 3), requiresGrad: true);

        SimSiamLoss.Compute(predictions, projections).backward();

        Assert.Null(projections.grad);
        Assert.NotNull(predictions.grad);
    }

    [Fact]
    public void OddRowCountIsRejected()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => SimSiamLoss.Compute(ones(5, 3, dtype: ScalarType.Float64), ones(5, 3, dtype: ScalarType.Float64)));
        Assert.Contains("[5, 3]", ex.Message);
    }

    private static double Reference(double[][] p, double[][] z, out double[][] grad)
    {
        int m = p.Length;
        int n = m / 2;
        double total = 0;
        grad = new double[m][];
        for (int r = 0; r < m; r++)
        {
            double[] u = Normalized(p[r]);
            double[] v = Normalized(z[(r + n) % m]);
            total -= Dot(u, v) / m;
            grad[r] = ThroughNormalize(p[r], Array.ConvertAll(v, c => -c / m));
        }

        return total;
    }
}
