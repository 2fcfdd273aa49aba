using System;
using System.Linq;
using SslDsl.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Optimization;

/// <summary>
/// LARS as in the Barlow Twins / SimCLR code: for weights u = g + λw, trust = η‖w‖/‖u‖ (1 when a norm is 0),
/// buf = m·buf + trust·u, w ← w − lr·buf; biases get buf = m·buf + g, b ← b − lr·buf without decay or trust.
/// Expected values are worked out by hand in the comments.
/// </summary>
public sealed class LarsOptimizerTests
{
    // η = 0.5, λ = 0.1, m = 0.9, lr = 0.2 throughout.
    private const double Eta = 0.5;
    private const double Decay = 0.1;
    private const double Momentum = 0.9;
    private const double Lr = 0.2;

    // W = [[3, 0], [0, 4]] so ‖W‖ = 5; G is chosen so that G + λW = [[0.5, 0.5], [0.5, 0.5]] with norm exactly 1.
    private static readonly double[] W0 = { 3, 0, 0, 4 };
    private static readonly double[] G = { 0.2, 0.5, 0.5, 0.1 };
    private static readonly double[] B0 = { 1, -2 };
    private static readonly double[] GB = { 0.5, 1 }; // not parallel to b, so a trust ratio on b would show

    [Fact]
    public void FirstStepScalesTheDecayedGradientByTheTrustRatio()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var lars = new LarsOptimizer(new[] { w, b }, Momentum, Decay, Eta);

        Backward(w, b);
        lars.Step(Lr);

        // u = G + 0.1·W = 0.5 everywhere, ‖u‖ = 1; trust = 0.5·5/1 = 2.5; buf = 2.5·0.5 = 1.25; W − 0.2·1.25 = W − 0.25
        AssertValues(new[] { 2.75, -0.25, -0.25, 3.75 }, w, 1e-12);
    }

    [Fact]
    public void BiasGetsPlainSgdWithoutDecayOrTrustRatio()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var lars = new LarsOptimizer(new[] { w, b }, Momentum, Decay, Eta);

        Backward(w, b);
        lars.Step(Lr);

        // b − 0.2·g_b = [1 − 0.1, −2 − 0.2]
        AssertValues(new[] { 0.9, -2.2 }, b, 1e-12);
        Assert.Equal(new[] { false, true }, lars.Excluded);
    }

    [Fact]
    public void SecondStepAccumulatesMomentum()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var lars = new LarsOptimizer(new[] { w, b }, Momentum, Decay, Eta);
        Backward(w, b);
        lars.Step(Lr);
        lars.ZeroGrad();

        Backward(w, b);
        lars.Step(Lr);

        // W1 = [[2.75, −0.25], [−0.25, 3.75]], ‖W1‖² = 7.5625 + 0.0625 + 0.0625 + 14.0625 = 21.75.
        // u2 = G + 0.1·W1 = 0.475 everywhere, ‖u2‖ = 0.95; trust2 = 0.5·√21.75 / 0.95.
        // buf2 = 0.9·1.25 + trust2·0.475; W2 = W1 − 0.2·buf2.
        double trust2 = 0.5 * Math.Sqrt(21.75) / 0.95;
        double buf2 = (0.9 * 1.25) + (trust2 * 0.475);
        AssertValues(new[] { 2.75 - (0.2 * buf2), -0.25 - (0.2 * buf2), -0.25 - (0.2 * buf2), 3.75 - (0.2 * buf2) }, w, 1e-12);
        // bias: buf2 = 0.9·g_b + g_b = 1.9·g_b; b2 = b1 − 0.2·1.9·g_b = [0.9 − 0.19, −2.2 − 0.38]
        AssertValues(new[] { 0.71, -2.58 }, b, 1e-12);
        Assert.Equal(2, lars.StepCount);
    }

    [Fact]
    public void ZeroNormWeightUsesTrustRatioOne()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(zeros(2, 2, dtype: ScalarType.Float64));
        using var lars = new LarsOptimizer(new[] { w }, Momentum, Decay, Eta);
        (w * tensor(G, new long[] { 2, 2 })).sum().backward();

        lars.Step(Lr);

        // ‖w‖ = 0 → trust 1 (η‖w‖/‖u‖ would be 0 and freeze the weight forever); u = G + 0.1·0 = G; w = −0.2·G
        AssertValues(G.Select(g => -0.2 * g).ToArray(), w, 1e-12);
    }

    [Fact]
    public void ZeroUpdateNormGivesNoNaN()
    {
        using var scope = NewDisposeScope();
        // λ = 0.5 and G = −λW make u = 0 exactly (λW is exact in binary): the trust ratio must not be 5/0, the
        // weight stays where it is.
        var w = new Parameter(tensor(W0, new long[] { 2, 2 }));
        using var lars = new LarsOptimizer(new[] { w }, Momentum, weightDecay: 0.5, Eta);
        (w * tensor(W0.Select(v => -0.5 * v).ToArray(), new long[] { 2, 2 })).sum().backward();

        lars.Step(Lr);

        AssertValues(W0, w, 1e-12);
    }

    [Fact]
    public void ParameterWithoutGradientIsLeftAlone()
    {
        using var scope = NewDisposeScope();
        var (w, b) = Parameters();
        using var lars = new LarsOptimizer(new[] { w, b }, Momentum, Decay, Eta);
        (b * tensor(GB)).sum().backward();

        lars.Step(Lr);

        AssertValues(W0, w, 0);
        AssertValues(new[] { 0.9, -2.2 }, b, 1e-12);
    }

    private static (Parameter W, Parameter B) Parameters() =>
        (new Parameter(tensor(W0, new long[] { 2, 2 })), new Parameter(tensor(B0)));

    /// <summary>A loss linear in the parameters, so ∂/∂W = G and ∂/∂b = g_b exactly.</summary>
    private static void Backward(Parameter w, Parameter b)
    {
        using var scope = NewDisposeScope();
        ((w * tensor(G, new long[] { 2, 2 })).sum() + (b * tensor(GB)).sum()).backward();
    }

    internal static void AssertValues(double[] expected, Tensor actual, double tolerance)
    {
        double[] values = actual.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]:R}, got {values[i]:R}");
        }
    }
}
