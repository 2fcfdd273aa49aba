using System;
using SslDsl.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Tests.Optimization;

/// <summary>
/// AdamW as torch.optim.AdamW: w ← w(1 − lr·λ) (weights only here), m = β1 m + (1−β1) g, v = β2 v + (1−β2) g²,
/// w ← w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε), ε = 1e-8. Reference in float64, element by element.
/// </summary>
public sealed class AdamWOptimizerTests
{
    private static readonly double[] W0 = { 0.5, -1.5, 2.0, 0.25 };
    private static readonly double[] B0 = { 0.1, -0.3 };
    private static readonly double[] G1 = { 0.3, -0.1, 2.0, 1e-3 };
    private static readonly double[] G2 = { -0.6, -0.1, 0.5, 4.0 };
    private static readonly double[] GB1 = { 1.0, -0.02 };
    private static readonly double[] GB2 = { -0.5, 0.3 };

    [Theory]
    [InlineData(0.01, 0.1, 0.9, 0.999)]
    [InlineData(0.1, 0.05, 0.8, 0.95)]
    [InlineData(0.003, 0.0, 0.9, 0.999)]
    public void TwoStepsMatchFloat64Reference(double lr, double decay, double beta1, double beta2)
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(W0, new long[] { 2, 2 }));
        var b = new Parameter(tensor(B0));
        using var adamw = new AdamWOptimizer(new[] { w, b }, decay, beta1, beta2);

        Backward(w, b, G1, GB1);
        adamw.Step(lr);
        adamw.ZeroGrad();
        Backward(w, b, G2, GB2);
        adamw.Step(lr * 0.5);

        LarsOptimizerTests.AssertValues(Reference(W0, new[] { G1, G2 }, new[] { lr, lr * 0.5 }, decay, beta1, beta2), w, 1e-12);
        LarsOptimizerTests.AssertValues(Reference(B0, new[] { GB1, GB2 }, new[] { lr, lr * 0.5 }, 0, beta1, beta2), b, 1e-12);
    }

    [Fact]
    public void DecayIsDecoupledFromTheGradient()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(W0, new long[] { 2, 2 }));
        var b = new Parameter(tensor(B0));
        using var adamw = new AdamWOptimizer(new[] { w, b }, weightDecay: 0.5);

        // zero gradient: the moments stay 0, so the only change is w·(1 − lr·λ) = w·(1 − 0.1·0.5) = 0.95·w
        Backward(w, b, new double[4], new double[2]);
        adamw.Step(0.1);

        LarsOptimizerTests.AssertValues(new[] { 0.475, -1.425, 1.9, 0.2375 }, w, 1e-12);
        LarsOptimizerTests.AssertValues(B0, b, 0);
    }

    [Fact]
    public void FirstStepMovesEachCoordinateByAboutTheLearningRate()
    {
        // Bias correction: after one step m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g) for any scale
        // of g. Without the correction it would be lr·0.1·g/(√0.001·|g|) ≈ 3.16·lr.
        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(W0, new long[] { 2, 2 }));
        var b = new Parameter(tensor(B0));
        using var adamw = new AdamWOptimizer(new[] { w, b }, weightDecay: 0);

        Backward(w, b, G1, GB1);
        adamw.Step(0.01);

        double[] expected = new double[4];
        for (int i = 0; i < 4; i++)
        {
            expected[i] = W0[i] - (0.01 * G1[i] / (Math.Abs(G1[i]) + 1e-8));
        }

        LarsOptimizerTests.AssertValues(expected, w, 1e-12);
    }

    /// <summary>Plain-loop AdamW over several steps; <paramref name="decay"/> 0 for biases.</summary>
    private static double[] Reference(double[] start, double[][] grads, double[] lrs, double decay, double beta1, double beta2)
    {
        double[] p = (double[])start.Clone();
        double[] m = new double[p.Length];
        double[] v = new double[p.Length];
        for (int t = 1; t <= grads.Length; t++)
        {
            double lr = lrs[t - 1];
            for (int i = 0; i < p.Length; i++)
            {
                double g = grads[t - 1][i];
                p[i] *= 1 - (lr * decay);
                m[i] = (beta1 * m[i]) + ((1 - beta1) * g);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * g * g);
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double vHat = v[i] / (1 - Math.Pow(beta2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
        }

        return p;
    }

    private static void Backward(Parameter w, Parameter b, double[] g, double[] gb)
    {
        using var scope = NewDisposeScope();
        ((w * tensor(g, new long[] { 2, 2 })).sum() + (b * tensor(gb)).sum()).backward();
    }
}
