using System;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.ObjectiveTestMath;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// BYOL (Grill et al. 2020, eq. 2–3) against a float64 loop reference: L = (1/N) Σ_i [(2 − 2cos(q⁰_i, z¹_i)) +
/// (2 − 2cos(q¹_i, z⁰_i))] — the sum of the two symmetric terms, averaged over the batch, as the official code does.
/// </summary>
public sealed class ByolLossTests
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
        double[][] z = RandomRows(seed + 1000, 2 * samples, dim);
        Tensor predictions = ToTensor(p, requiresGrad: true);

        double expected = Reference(p, z, out double[][] expectedGrad);
        Tensor loss = ByolLoss.Compute(predictions, ToTensor(z));
        loss.backward();

        Assert.Equal(0, loss.dim());
        Assert.Equal(expected, loss.item<double>(), 1e-12);
        AssertRowsClose(expectedGrad, predictions.grad!, 1e-12);
    }

    [Fact]
    public void TargetsReceiveNoGradientAndPredictionsDo()
    {
        using var scope = NewDisposeScope();
        Tensor predictions = ToTensor(RandomRows(7, 8, 5), requiresGrad: true);
        Tensor targets = ToTensor(RandomRows(8, 8, 5), requiresGrad: true);

        ByolLoss.Compute(predictions, targets).backward();

        Assert.Null(targets.grad);
        Assert.NotNull(predictions.grad);
        Assert.True(predictions.grad!.abs().sum().item<double>() > 0);
    }

    [Fact]
    public void PredictionsAlongTheOtherViewsTargetsGiveZeroWhateverTheirScale()
    {
        // q⁰_i = a_i·z¹_i and q¹_i = b_i·z⁰_i with positive scales: every cosine is 1, so each term 2 − 2·1 = 0.
        using var scope = NewDisposeScope();
        const int n = 4;
        double[][] z = RandomRows(9, 2 * n, 6);
        double[][] p = new double[2 * n][];
        for (int r = 0; r < 2 * n; r++)
        {
            double scale = 0.3 + r;
            double[] other = z[(r + n) % (2 * n)];
            p[r] = Array.ConvertAll(other, v => v * scale);
        }

        double actual = ByolLoss.Compute(ToTensor(p), ToTensor(z)).item<double>();

        Assert.Equal(0.0, actual, 1e-12);
    }

    [Fact]
    public void OppositePredictionsGiveFourPerTermAndEightInTotal()
    {
        // cos = −1 everywhere: each term is 2 − 2·(−1) = 4; the loss sums the two terms (eq. 3), so 8.
        using var scope = NewDisposeScope();
        const int n = 3;
        double[][] z = RandomRows(10, 2 * n, 4);
        double[][] p = new double[2 * n][];
        for (int r = 0; r < 2 * n; r++)
        {
            p[r] = Array.ConvertAll(z[(r + n) % (2 * n)], v => -2.5 * v);
        }

        double actual = ByolLoss.Compute(ToTensor(p), ToTensor(z)).item<double>();

        Assert.Equal(8.0, actual, 1e-12);
    }

    [Fact]
    public void OnlyTheOtherViewIsTheTarget()
    {
        // Predictions equal to their own view's targets (not the other view's) are not a zero loss.
        using var scope = NewDisposeScope();
        double[][] z = RandomRows(11, 6, 4);

        double actual = ByolLoss.Compute(ToTensor(z), ToTensor(z)).item<double>();

        Assert.Equal(Reference(z, z, out _), actual, 1e-12);
        Assert.True(actual > 0.1);
    }

    [Theory]
    [InlineData(new long[] { 5, 4 }, new long[] { 5, 4 }, "predictions")]
    [InlineData(new long[] { 4 }, new long[] { 4 }, "predictions")]
    [InlineData(new long[] { 0, 4 }, new long[] { 0, 4 }, "predictions")]
    [InlineData(new long[] { 4, 3 }, new long[] { 4, 2 }, "targets")]
    [InlineData(new long[] { 4, 3 }, new long[] { 6, 3 }, "targets")]
    public void WrongShapesAreArgumentExceptionsNamingTheShape(long[] predictionShape, long[] targetShape, string param)
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() =>
            ByolLoss.Compute(ones(predictionShape, dtype: ScalarType.Float64), ones(targetShape, dtype: ScalarType.Float64)));

        Assert.Equal(param, ex.ParamName);
        long[] named = param == "predictions" ? predictionShape : targetShape;
        Assert.Contains("[" + string.Join(", ", named) + "]", ex.Message);
    }

    /// <summary>∂/∂u_r of −2cos/N is −2v/N (u, v the unit vectors); then through the normalisation of q_r.</summary>
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
            total += 2 - (2 * Dot(u, v));
            grad[r] = ThroughNormalize(p[r], Array.ConvertAll(v, c => -2.0 * c / n));
        }

        return total / n;
    }
}
